package com.playerattributes.events;

import java.time.LocalDateTime;

/** One raw event row for test fixtures; {@code dateUtc} defaults to the date of {@code timestampUtc}. */
public record TestEvent(String name, String playerId, LocalDateTime timestampUtc, LocalDateTime dateUtc, String country,
                        String platform, Double depositAmount, Double tournamentScore) {

    public static TestEvent joined(String player, String ts, String country) {
        return new TestEvent(EventSchema.JOIN_EVENT, player, LocalDateTime.parse(ts), null, country, "ios", null, null);
    }

    public static TestEvent match(String player, String ts, double score, String country) {
        return new TestEvent(EventSchema.MATCH_EVENT, player, LocalDateTime.parse(ts), null, country, "ios", null, score);
    }

    public static TestEvent purchase(String player, String ts, Double amount, String country) {
        return new TestEvent(EventSchema.PURCHASE_EVENT, player, LocalDateTime.parse(ts), null, country, "android", amount, null);
    }

    public TestEvent withDateUtc(String date) {
        return new TestEvent(name, playerId, timestampUtc, LocalDateTime.parse(date), country, platform, depositAmount,
                tournamentScore);
    }

    public LocalDateTime effectiveDateUtc() {
        return dateUtc != null ? dateUtc : timestampUtc.toLocalDate().atStartOfDay();
    }
}
