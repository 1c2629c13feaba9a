package com.playerattributes.store;

import java.time.Instant;

/**
 * One immutable version of the panel in an online store.
 *
 * @param id          store-assigned id, sortable by creation order (e.g. {@code v000042})
 * @param asOf        the as-of instant of the snapshot it was loaded from
 * @param rows        number of players
 * @param bytes       size on the store's medium (files on disk, or approximate memory in Redis)
 * @param createdAt   when loading started
 * @param publishedAt when it first became live; null if it never was
 * @param source      where it was loaded from (snapshot directory)
 * @param live        whether it is the live version right now
 */
public record StoreVersion(
        String id,
        Instant asOf,
        long rows,
        long bytes,
        Instant createdAt,
        Instant publishedAt,
        String source,
        boolean live) {
}
