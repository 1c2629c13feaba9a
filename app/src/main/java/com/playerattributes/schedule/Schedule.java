package com.playerattributes.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When scheduled runs fire, in UTC. Parsed from a 5-field cron expression ({@code 0 *&#47;4 * * *}) or an interval
 * ({@code 4h}, {@code 30m}, {@code 1h30m}, ISO {@code PT4H}). Intervals are aligned to the clock: {@code 4h} fires at
 * 00:00, 04:00, … UTC, not four hours after the process started, so restarts do not shift the timetable.
 */
public sealed interface Schedule permits Schedule.Interval, Schedule.Cron {

    /** Every 4 hours on the clock. */
    String DEFAULT = "4h";

    /** The first fire time strictly after {@code t}. */
    Instant nextAfter(Instant t);

    /** The text it was parsed from, normalised, for logs and status. */
    String describe();

    static Schedule parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("--schedule: empty; give a cron expression such as '0 */4 * * *' or an interval such as 4h");
        }
        String t = text.trim();
        Duration interval = parseInterval(t);
        if (interval != null) {
            return new Interval(interval);
        }
        return Cron.parse(t);
    }

    /** Parses {@code 30s}, {@code 4h}, {@code 1h30m} or ISO {@code PT4H}; {@code what} names the flag in errors. */
    static Duration duration(String text, String what) {
        Duration d = text == null ? null : parseInterval(text.trim());
        if (d == null) {
            throw new IllegalArgumentException(what + " '" + text + "': not a duration such as 30s, 4h, 1h30m or PT4H");
        }
        return d;
    }

    private static Duration parseInterval(String t) {
        if (t.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--schedule '" + t + "': not an ISO-8601 duration such as PT4H");
            }
        }
        Matcher whole = Interval.SHORT.matcher(t.toLowerCase(Locale.ROOT));
        if (!whole.matches()) {
            return null;
        }
        Matcher part = Interval.PART.matcher(t.toLowerCase(Locale.ROOT));
        Duration d = Duration.ZERO;
        while (part.find()) {
            long n = Long.parseLong(part.group(1));
            d = d.plus(switch (part.group(2)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
        }
        return d;
    }

    /** Fires at every multiple of {@code every} since the Unix epoch (UTC midnight is a multiple of any divisor of a day). */
    record Interval(Duration every) implements Schedule {
        private static final Pattern SHORT = Pattern.compile("(\\d+[dhms])+");
        private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

        public Interval {
            if (every.isNegative() || every.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("--schedule: the interval must be at least 1s, got " + every);
            }
        }

        @Override
        public Instant nextAfter(Instant t) {
            long step = every.toMillis();
            long now = t.toEpochMilli();
            return Instant.ofEpochMilli(Math.floorDiv(now, step) * step + step);
        }

        @Override
        public String describe() {
            return "every " + every.toString().substring(2).toLowerCase(Locale.ROOT) + " (UTC, on the clock)";
        }
    }

    /** A standard 5-field Unix cron expression, evaluated in UTC. */
    record Cron(String expression, ExecutionTime times) implements Schedule {
        private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

        static Cron parse(String expression) {
            try {
                return new Cron(expression, ExecutionTime.forCron(PARSER.parse(expression).validate()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--schedule '" + expression + "': neither an interval (4h, 30m, PT4H) nor a"
                        + " 5-field cron expression (minute hour day-of-month month day-of-week): " + e.getMessage());
            }
        }

        @Override
        public Instant nextAfter(Instant t) {
            return times.nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC))
                    .map(ZonedDateTime::toInstant)
                    .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' never fires after " + t));
        }

        @Override
        public String describe() {
            return "cron '" + expression + "' (UTC)";
        }
    }
}
