package com.playerattributes.compute;

import com.playerattributes.events.InvalidInputException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The {@code --as-of} choice: a fixed ISO-8601 instant, {@code now} (wall clock at the start of the run), or
 * {@code latest} (the greatest {@code timestamp_utc} in the input, known only once the input is read).
 */
public record AsOf(Mode mode, Instant instant) {

    public enum Mode { INSTANT, NOW, LATEST }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    public static AsOf parse(String text, Instant now) {
        if (text == null || text.equalsIgnoreCase("now")) {
            return new AsOf(Mode.NOW, now);
        }
        if (text.isBlank()) { // e.g. --as-of "$UNSET_VARIABLE": refusing beats silently computing as of now
            throw new InvalidInputException("--as-of is empty: expected an ISO-8601 instant such as 2024-01-16T23:59:59Z,"
                    + " or 'now', or 'latest'");
        }
        if (text.equalsIgnoreCase("latest")) {
            return new AsOf(Mode.LATEST, null);
        }
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("--as-of '" + text
                        + "': expected an ISO-8601 instant such as 2024-01-16T23:59:59Z, or 'now', or 'latest'");
            }
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) { // beyond what SQL timestamps hold
            throw new InvalidInputException("--as-of '" + text + "': the year must be between 1 and 9999");
        }
        return new AsOf(Mode.INSTANT, instant);
    }

    /** The instant to compute at, given the input's greatest event time (used only for LATEST). */
    public Instant resolve(Instant latestEvent) {
        if (mode == Mode.LATEST) {
            if (latestEvent == null) {
                throw new InvalidInputException("--as-of latest: the input has no events with a timestamp_utc");
            }
            return latestEvent;
        }
        return instant;
    }

    public String label() {
        return mode.name().toLowerCase();
    }
}
