package com.playerattributes.compute;

import java.time.Instant;
import java.util.Map;

/**
 * @param asOf                     the resolved as-of instant
 * @param rows                     players written
 * @param excludedNullPlayerIdRows input rows dropped because {@code player_id} was null
 * @param partRows                 rows per written part file name
 */
public record ComputeResult(Instant asOf, long rows, long excludedNullPlayerIdRows, Map<String, Long> partRows) {
    public ComputeResult {
        partRows = Map.copyOf(partRows);
    }
}
