package com.playerattributes.publish;

/**
 * How to publish.
 *
 * @param concurrency           parallel chunk workers (and key-range chunks)
 * @param keepPrevious          non-live versions kept for rollback after a successful switch
 * @param maxShrinkPercent      shrink guard: refuse a snapshot with more than this percentage fewer rows than live
 * @param allowShrink           override the shrink guard
 * @param chunkAttempts         attempts per chunk before the publish fails
 * @param readerMemoryLimit     memory limit of the snapshot reader (DuckDB); past it the sort spills to disk
 * @param throttleRowsPerSecond test-only: slow each worker down to this rate (0 = off), so a test can kill a
 *                              publish in the middle of a load
 */
public record PublishOptions(
        int concurrency,
        int keepPrevious,
        double maxShrinkPercent,
        boolean allowShrink,
        int chunkAttempts,
        String readerMemoryLimit,
        long throttleRowsPerSecond) {

    public static final int DEFAULT_KEEP = 2;
    public static final double DEFAULT_MAX_SHRINK_PERCENT = 10;
    public static final int DEFAULT_CHUNK_ATTEMPTS = 3;
    public static final String DEFAULT_READER_MEMORY = "1GB";

    public PublishOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (keepPrevious < 0) {
            throw new IllegalArgumentException("--keep must be at least 0, got " + keepPrevious);
        }
        if (chunkAttempts < 1) {
            throw new IllegalArgumentException("chunk attempts must be at least 1, got " + chunkAttempts);
        }
    }

    public static PublishOptions defaults() {
        return new PublishOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_KEEP, DEFAULT_MAX_SHRINK_PERCENT,
                false, DEFAULT_CHUNK_ATTEMPTS, DEFAULT_READER_MEMORY, 0);
    }

    public PublishOptions withConcurrency(int n) {
        return new PublishOptions(n, keepPrevious, maxShrinkPercent, allowShrink, chunkAttempts, readerMemoryLimit,
                throttleRowsPerSecond);
    }

    public PublishOptions withKeepPrevious(int k) {
        return new PublishOptions(concurrency, k, maxShrinkPercent, allowShrink, chunkAttempts, readerMemoryLimit,
                throttleRowsPerSecond);
    }

    public PublishOptions withShrinkGuard(double maxPercent, boolean allow) {
        return new PublishOptions(concurrency, keepPrevious, maxPercent, allow, chunkAttempts, readerMemoryLimit,
                throttleRowsPerSecond);
    }

    public PublishOptions withThrottle(long rowsPerSecond) {
        return new PublishOptions(concurrency, keepPrevious, maxShrinkPercent, allowShrink, chunkAttempts,
                readerMemoryLimit, rowsPerSecond);
    }
}
