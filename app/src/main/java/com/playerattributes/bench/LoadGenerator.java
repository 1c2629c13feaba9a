package com.playerattributes.bench;

import com.playerattributes.snapshot.Attribute;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-loop, constant-rate HTTP/1.1 load generator. Request {@code i} is due at {@code start + i / rate}; a
 * scheduler thread hands each due request to the event loop on time whether or not earlier requests have
 * answered, and its latency is measured from that intended time. Requests that find every connection busy wait
 * in a queue, and that wait counts. A stalled server therefore shows as high latencies for every request
 * scheduled during the stall, not as one slow sample per connection (no coordinated omission).
 *
 * <p>Built on Netty rather than a full HTTP client so that it stays cheap enough to drive 20,000+ req/s from one
 * thread of a 2-core machine that also runs the server under test: requests are written as pre-encoded bytes,
 * and all state (queue, connections, histogram, counters) is owned by the single event loop, without locks.
 */
public final class LoadGenerator {

    private static final List<String> ATTRIBUTES = Attribute.all().stream().map(Attribute::columnName).toList();
    private static final String BATCH_ATTRIBUTES = ATTRIBUTES.stream()
            .map(a -> '"' + a + '"').reduce((a, b) -> a + "," + b).orElseThrow();
    private static final int MAX_RECONNECTS = 1_000;

    private final LoadRequest request;
    private final double nanosPerRequest;
    private final long total;
    private final long warmupRequests;
    private final String hostHeader;
    private final ByteBuf fixedRequest;

    // Owned by the event loop.
    private final Histogram latencyNanos = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final SplittableRandom random;
    private final long[] statusCounts = new long[600];
    private final Map<String, Long> failures = new TreeMap<>();
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private long[] waiting = new long[1024];
    private int waitHead;
    private int waitSize;
    private long completed;
    private long failedCount;
    private long measuredFailed;
    private long lastResponseNanos;
    private int reconnects;

    private volatile long startNanos;
    /** Requests due before this are warm-up (JIT, caches, connection buffers): sent like the rest, not reported. */
    private volatile long measureFromNanos;
    private final CountDownLatch allAnswered = new CountDownLatch(1);
    private Bootstrap bootstrap;
    private EventLoop loop;

    public LoadGenerator(LoadRequest request) {
        this.request = request;
        this.nanosPerRequest = 1e9 / request.rate();
        this.warmupRequests = Math.round(request.rate() * request.warmup().toNanos() / 1e9);
        this.total = warmupRequests + request.scheduledRequests();
        this.random = new SplittableRandom(request.seed());
        this.hostHeader = request.baseUrl().getHost() + ":" + request.port();
        this.fixedRequest = request.fixedPath() == null ? null
                : Unpooled.unreleasableBuffer(Unpooled.copiedBuffer(get(request.fixedPath()), StandardCharsets.US_ASCII));
        latencyNanos.setAutoResize(true);
    }

    public LoadReport run() {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            loop = group.next();
            bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpResponseDecoder(), new Connection());
                        }
                    });
            connectAll();
            startNanos = System.nanoTime();
            measureFromNanos = dueNanos(warmupRequests);
            schedule();
            boolean drained = await(allAnswered, request.drainTimeout().toNanos());
            LoadReport[] report = new LoadReport[1];
            CountDownLatch reported = new CountDownLatch(1);
            loop.execute(() -> {
                report[0] = report(drained);
                reported.countDown();
            });
            await(reported, TimeUnit.SECONDS.toNanos(10));
            return report[0];
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
    }

    /** Opens every connection before the clock starts, so connection setup is not billed to the first requests. */
    private void connectAll() {
        for (int c = 0; c < request.connections(); c++) {
            var f = bootstrap.connect(request.baseUrl().getHost(), request.port()).awaitUninterruptibly();
            if (!f.isSuccess()) {
                throw new IllegalStateException("bench: cannot connect to " + request.baseUrl() + ": " + f.cause().getMessage());
            }
        }
    }

    /** Runs on the calling thread until every request has been handed to the event loop at its due time. */
    private void schedule() {
        long next = 0;
        while (next < total) {
            long now = System.nanoTime();
            long due = dueNanos(next);
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            long first = next;
            while (next < total && dueNanos(next) <= now) {
                next++;
            }
            long last = next;
            loop.execute(() -> {
                for (long i = first; i < last; i++) {
                    enqueue(dueNanos(i));
                }
            });
        }
    }

    private long dueNanos(long i) {
        return startNanos + (long) (i * nanosPerRequest);
    }

    private void enqueue(long intendedNanos) {
        Connection c = idle.pollFirst();
        if (c != null) {
            c.send(intendedNanos);
            return;
        }
        if (waitSize == waiting.length) {
            long[] bigger = new long[waiting.length * 2];
            for (int k = 0; k < waitSize; k++) {
                bigger[k] = waiting[(waitHead + k) % waiting.length];
            }
            waiting = bigger;
            waitHead = 0;
        }
        waiting[(waitHead + waitSize) % waiting.length] = intendedNanos;
        waitSize++;
    }

    /** A free connection takes the oldest waiting request, or waits for one. */
    private void free(Connection c) {
        if (waitSize > 0) {
            long intended = waiting[waitHead];
            waitHead = (waitHead + 1) % waiting.length;
            waitSize--;
            c.send(intended);
        } else {
            idle.addLast(c);
        }
    }

    private ByteBuf encode(Channel ch) {
        if (fixedRequest != null) {
            return fixedRequest.duplicate();
        }
        String prefix = request.pathPrefix();
        String text = switch (request.mix().pick(random.nextDouble())) {
            case SINGLE -> get(prefix + "/v1/players/" + player() + "/attributes/" + ATTRIBUTES.get(random.nextInt(ATTRIBUTES.size())));
            case ALL -> get(prefix + "/v1/players/" + player() + "/attributes");
            case BATCH -> {
                String body = batchBody();
                yield "POST " + prefix + "/v1/attributes:batchGet HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            }
        };
        ByteBuf buf = ch.alloc().buffer(text.length());
        ByteBufUtil.writeAscii(buf, text);
        return buf;
    }

    private String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n";
    }

    private String player() {
        return request.players().pick(random.nextDouble());
    }

    private String batchBody() {
        StringBuilder b = new StringBuilder(32 + request.mix().batchSize() * 30 + BATCH_ATTRIBUTES.length());
        b.append("{\"player_ids\":[");
        for (int k = 0; k < request.mix().batchSize(); k++) {
            if (k > 0) {
                b.append(',');
            }
            b.append('"').append(player()).append('"');
        }
        b.append("],\"attributes\":[").append(BATCH_ATTRIBUTES).append("]}");
        return b.toString();
    }

    private void finishOne() {
        if (completed + failedCount >= total) {
            allAnswered.countDown();
        }
    }

    private void fail(String cause, long intendedNanos) {
        failedCount++;
        if (intendedNanos >= measureFromNanos) {
            failures.merge(cause, 1L, Long::sum);
            measuredFailed++;
        }
        finishOne();
    }

    /** One keep-alive connection with at most one request in flight (no pipelining, like a browser or service client). */
    private final class Connection extends SimpleChannelInboundHandler<HttpObject> {
        private Channel channel;
        private long inFlightSince = -1;
        private int status;
        private String closedBy = "connection closed";

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            free(this);
        }

        void send(long intendedNanos) {
            inFlightSince = intendedNanos;
            channel.writeAndFlush(encode(channel), channel.voidPromise());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse r) {
                status = r.status().code();
            }
            if (msg instanceof LastHttpContent && inFlightSince >= 0) {
                long now = System.nanoTime();
                if (inFlightSince >= measureFromNanos) {
                    latencyNanos.recordValue(Math.max(0, now - inFlightSince));
                    statusCounts[status >= 0 && status < statusCounts.length ? status : 0]++;
                    lastResponseNanos = now;
                }
                completed++;
                inFlightSince = -1;
                finishOne();
                free(this);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            idle.remove(this);
            if (inFlightSince >= 0) {
                long intended = inFlightSince;
                inFlightSince = -1;
                fail(closedBy, intended);
            }
            if (startNanos != 0 && completed + failedCount < total && reconnects++ < MAX_RECONNECTS) {
                bootstrap.connect(request.baseUrl().getHost(), request.port()).addListener(f -> {
                    if (!f.isSuccess()) {
                        failures.merge("reconnect failed", 1L, Long::sum);
                    }
                });
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            closedBy = "io: " + cause.getClass().getSimpleName();
            ctx.close();
        }
    }

    private LoadReport report(boolean drained) {
        Map<String, Long> errors = new TreeMap<>();
        errors.putAll(failures);
        long ok = 0;
        long responses = 0;
        for (int s = 0; s < statusCounts.length; s++) {
            responses += statusCounts[s];
            if (s >= 200 && s < 300) {
                ok += statusCounts[s];
            } else if (statusCounts[s] > 0) {
                errors.put(Integer.toString(s), statusCounts[s]);
            }
        }
        long measured = total - warmupRequests;
        long missing = measured - responses - measuredFailed;
        if (!drained && missing > 0) {
            errors.put("timeout", missing);
        }
        double seconds = Math.max(1e-9, ((responses > 0 ? lastResponseNanos : System.nanoTime()) - measureFromNanos) / 1e9);
        return new LoadReport(request.baseUrl().toString() + (request.fixedPath() == null ? "" : request.fixedPath()),
                request.rate(), request.duration().toNanos() / 1e9, request.connections(),
                request.fixedPath() == null ? request.mix().toString() : "fixed path",
                measured, responses, responses / seconds, ok, errors,
                ms(latencyNanos.getValueAtPercentile(50)), ms(latencyNanos.getValueAtPercentile(90)),
                ms(latencyNanos.getValueAtPercentile(99)), ms(latencyNanos.getValueAtPercentile(99.9)),
                ms(latencyNanos.getMaxValue()), latencyNanos.getTotalCount() == 0 ? 0 : latencyNanos.getMean() / 1e6);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static boolean await(CountDownLatch latch, long nanos) {
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
