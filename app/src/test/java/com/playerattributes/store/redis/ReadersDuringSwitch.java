package com.playerattributes.store.redis;

import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.OnlineStore;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Reader threads checking that every version they read is whole while a test switches the live version. */
final class ReadersDuringSwitch {
    private ReadersDuringSwitch() {
    }

    /** The switches a test makes while the readers run, each followed by {@link #awaitSwitch}. */
    interface Switches {
        void run() throws Exception;
    }

    /**
     * Runs {@code switches} while {@code threads} readers loop on {@code reader}: each acquires the live version,
     * asks {@code expectedOf} what every row of it must hold and makes ten reads checked by {@code checkRead}.
     * Then no read may have failed, and more than 100 must have been made.
     */
    static <T> void readWhileSwitching(OnlineStore reader, int threads, Function<LiveVersion, T> expectedOf,
                                       BiConsumer<LiveVersion, T> checkRead, Switches switches) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        try (LiveVersion live = reader.acquireLive().orElseThrow()) {
                            T expected = expectedOf.apply(live);
                            for (int k = 0; k < 10; k++) {
                                checkRead.accept(live, expected);
                                reads.incrementAndGet();
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            readers.add(thread);
        }
        try {
            switches.run();
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }
        assertThat(failure.get()).isNull();
        assertThat(reads.get()).isGreaterThan(100);
    }

    /** Polls until {@code reader} sees version {@code id} live, which must take less than a second. */
    static void awaitSwitch(OnlineStore reader, String id) throws InterruptedException {
        long switchedAt = System.nanoTime();
        while (true) {
            try (LiveVersion live = reader.acquireLive().orElseThrow()) {
                if (live.version().id().equals(id)) {
                    return;
                }
            }
            assertThat(System.nanoTime() - switchedAt).as("switch seen within 1 s").isLessThan(1_000_000_000L);
            Thread.sleep(10);
        }
    }
}
