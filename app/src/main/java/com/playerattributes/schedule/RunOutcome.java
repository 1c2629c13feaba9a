package com.playerattributes.schedule;

import java.time.Instant;

/**
 * What a successful refresh made live.
 *
 * @param versionId the store version now live
 * @param rows      players in it
 * @param liveAt    when it went live
 */
public record RunOutcome(String versionId, long rows, Instant liveAt) {
}
