package com.playerattributes.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A versioned key-value store for the user panel. Keys are player ids, values are {@link PanelValueCodec} bytes.
 *
 * <p>Exactly one version is live at a time. A new version is loaded beside it, sealed, then made live with one
 * atomic pointer switch. Readers pin a version for the length of a request, so they never see a mix of two
 * versions, and a pinned version is never deleted under them.
 */
public interface OnlineStore extends AutoCloseable {

    /** Where the store lives, for logs and errors, e.g. {@code rocksdb:/srv/store}. */
    String location();

    // ---- write side: used by publish, rollback, versions ----

    /**
     * Takes the store's exclusive publisher lock, which also excludes other processes.
     *
     * @throws StoreLockedException if another publisher holds it
     */
    PublishLock lockForPublish();

    /** Removes what interrupted publishes left behind. Call while holding the publish lock. */
    void cleanUpIncomplete();

    /** Starts loading a new version that is not live until {@link #switchLive(String)}. */
    VersionLoad beginVersion(Instant asOf, String source);

    /** Atomically makes a sealed version live. */
    void switchLive(String versionId);

    /** All complete versions, newest first. */
    List<StoreVersion> versions();

    /** The live version's description, from {@link #versions()}; empty before the first publish. */
    default Optional<StoreVersion> liveVersion() {
        return versions().stream().filter(StoreVersion::live).findFirst();
    }

    /**
     * Deletes complete, non-live versions beyond the newest {@code keepPrevious}, skipping any that a reader
     * still has pinned (they are deleted by a later call).
     *
     * @return ids of the versions deleted
     */
    List<String> retain(int keepPrevious);

    // ---- read side: used by serve ----

    /** Pins the live version until the returned reader is closed. Empty when nothing is live yet. */
    Optional<LiveVersion> acquireLive();

    @Override
    void close();

    /** The exclusive publisher lock; closing releases it. */
    interface PublishLock extends AutoCloseable {
        @Override
        void close();
    }
}
