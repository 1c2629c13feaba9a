package com.playerattributes.store;

/** A pinned, readable version. Everything read through one instance comes from that one version. */
public interface LiveVersion extends AutoCloseable {

    StoreVersion version();

    /** The encoded value for a player, or null if the player is not in this version. */
    byte[] get(byte[] key);

    /** Unpins the version. */
    @Override
    void close();
}
