package com.playerattributes.store;

/** A version being loaded. Chunks may be written in parallel, one thread per chunk. */
public interface VersionLoad extends AutoCloseable {

    String versionId();

    /**
     * A writer for key-range chunk {@code index}. Chunks cover disjoint key ranges; within a chunk, keys are
     * added in strictly ascending byte order. Opening the same index again discards what it had, so a failed
     * chunk can be retried.
     */
    ChunkWriter openChunk(int index);

    /** Makes the loaded data durable and the version complete (but not live). */
    StoreVersion seal();

    /** Discards the version; safe to call after a failure at any point, and more than once. */
    void abort();

    /** Aborts unless sealed. */
    @Override
    void close();

    interface ChunkWriter extends AutoCloseable {
        void put(byte[] key, byte[] value);

        /** Rows put so far. */
        long rows();

        /** Completes the chunk; its data becomes part of the version at {@link VersionLoad#seal()}. */
        void finish();

        /** Releases resources; discards the chunk unless finished. */
        @Override
        void close();
    }
}
