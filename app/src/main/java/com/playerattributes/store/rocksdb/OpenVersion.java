package com.playerattributes.store.rocksdb;

import com.playerattributes.store.LiveVersion;
import com.playerattributes.store.StoreVersion;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One version opened read-only, reference counted. The store holds one reference while the version is live; each
 * request holds one while it reads. The database closes, and the version's pin is dropped, when the count hits 0,
 * so a switch never closes a version under a request still reading it.
 */
final class OpenVersion {
    private final StoreVersion version;
    private final RocksDB db;
    private final Options options;
    private final ReadOptions readOptions;
    private final VersionPins.Pin pin;
    private final Runnable onClosed;
    private final AtomicInteger refs = new AtomicInteger(1);

    OpenVersion(StoreVersion version, RocksDB db, Options options, VersionPins.Pin pin, Runnable onClosed) {
        this.version = version;
        this.db = db;
        this.options = options;
        // Versions are immutable: checksums were verified at ingestion, and no snapshot is needed for consistency.
        this.readOptions = new ReadOptions().setVerifyChecksums(false);
        this.pin = pin;
        this.onClosed = onClosed;
    }

    StoreVersion version() {
        return version;
    }

    /** Adds a reader unless the version has already been closed. */
    boolean tryRetain() {
        while (true) {
            int n = refs.get();
            if (n == 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (refs.decrementAndGet() == 0) {
            readOptions.close();
            db.close();
            options.close();
            pin.close();
            onClosed.run();
        }
    }

    byte[] get(byte[] key) {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException("read from version " + version.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** The reader handle given to one request. */
    LiveVersion newReader() {
        return new Reader();
    }

    private final class Reader implements LiveVersion {
        private final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public StoreVersion version() {
            return version;
        }

        @Override
        public byte[] get(byte[] key) {
            if (closed.get()) {
                throw new IllegalStateException("version " + version.id() + " was released");
            }
            return OpenVersion.this.get(key);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                release();
            }
        }
    }
}
