package com.playerattributes.publish;

/** What a publish reports while it runs (progress bars, logs, metrics). All methods may be called from workers. */
public interface PublishListener {
    PublishListener NONE = new PublishListener() {
    };

    /** Loading of version {@code versionId} starts; {@code totalRows} are expected. */
    default void loadStarted(String versionId, long totalRows) {
    }

    /** {@code rows} more rows were written (called in batches). */
    default void rowsLoaded(long rows) {
    }

    /** A chunk failed and is being retried. */
    default void chunkRetried(int chunk, int attempt, Exception cause) {
    }

    /** Loading is over (successfully or not). */
    default void loadFinished() {
    }
}
