package com.playerattributes.cli;

import com.playerattributes.store.OnlineStore;
import com.playerattributes.store.redis.RedisLocation;
import com.playerattributes.store.redis.RedisStore;
import com.playerattributes.store.rocksdb.RocksDbStore;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --store} flag shared by every command that opens the online store, and the one place that opens it. */
public final class StoreOption {

    @Option(names = "--store", required = true, paramLabel = "STORE",
            description = "Online store: a directory for the embedded RocksDB store (created if missing), "
                    + "redis://HOST:PORT for one Redis server, or redis-cluster://HOST:PORT,HOST:PORT,... for a "
                    + "Redis Cluster (append ?namespace=NAME to share one Redis between several stores).")
    String store;

    public OnlineStore open() {
        return open(store);
    }

    /**
     * Opens a store that must already exist: commands that only read or switch versions (versions, rollback)
     * must not create an empty store at a mistyped path.
     */
    public OnlineStore openExisting() {
        if (!RedisLocation.accepts(store) && !java.nio.file.Files.isDirectory(Path.of(store))) {
            throw new IllegalArgumentException("--store " + store + ": no store there (no such directory)");
        }
        return open(store);
    }

    /** Opens a store from its command-line form. New kinds of store (e.g. a URL scheme) are added here. */
    public static OnlineStore open(String location) {
        if (location == null || location.isBlank()) { // Path.of("") would quietly mean the working directory
            throw new IllegalArgumentException("--store is empty: give a directory, redis://host:port or redis-cluster://...");
        }
        if (RedisLocation.accepts(location)) {
            return RedisStore.open(location);
        }
        return RocksDbStore.open(Path.of(location));
    }

    public String location() {
        return store;
    }
}
