package com.playerattributes.publish;

import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.StoreVersion;

import java.util.List;
import java.util.Optional;

/** Switches the live pointer back to an older complete version, under the publish lock. Nothing is deleted. */
public final class Rollback {
    private Rollback() {
    }

    /**
     * @param to the version to make live; empty = the newest version older than the live one
     * @return the version now live
     */
    public static StoreVersion run(OnlineStore store, Optional<String> to) {
        try (OnlineStore.PublishLock lock = store.lockForPublish()) {
            List<StoreVersion> versions = store.versions(); // newest first
            StoreVersion live = versions.stream().filter(StoreVersion::live).findFirst().orElse(null);
            StoreVersion target;
            if (to.isPresent()) {
                String id = normalise(to.get());
                target = versions.stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("--to " + to.get() + ": no such version in " + store.location()
                                + "; versions: " + ids(versions)));
            } else {
                if (live == null) {
                    throw new IllegalArgumentException("store " + store.location() + " has no live version to roll back from");
                }
                target = versions.stream().filter(v -> v.id().compareTo(live.id()) < 0).findFirst().orElseThrow(() ->
                        new IllegalArgumentException("store " + store.location() + ": no version older than the live "
                                + live.id() + " to roll back to"));
            }
            store.switchLive(target.id());
            return store.liveVersion().orElseThrow();
        }
    }

    /** Accepts {@code v000003} or just {@code 3}. */
    static String normalise(String id) {
        return id.matches("\\d+") ? String.format("v%06d", Long.parseLong(id)) : id;
    }

    private static String ids(List<StoreVersion> versions) {
        return versions.isEmpty() ? "none" : String.join(", ", versions.stream().map(StoreVersion::id).toList());
    }
}
