package com.playerattributes.snapshot;

import java.util.Objects;

/** One row of the user panel: a player and the value of each attribute, any of which may be null. */
public record PanelRow(
        String playerId,
        String country,
        Double avgPrice10,
        Double lastWeightedDailyMatchesCount10PlayedDays,
        Long activeDaysSinceLastPurchase,
        Double scorePerc50Last5Days) {

    public PanelRow {
        Objects.requireNonNull(playerId, "playerId");
    }

    /** The value of one attribute: a String, Double or Long, or null. */
    public Object value(Attribute attribute) {
        return switch (attribute) {
            case COUNTRY -> country;
            case AVG_PRICE_10 -> avgPrice10;
            case LAST_WEIGHTED_DAILY_MATCHES_COUNT_10_PLAYED_DAYS -> lastWeightedDailyMatchesCount10PlayedDays;
            case ACTIVE_DAYS_SINCE_LAST_PURCHASE -> activeDaysSinceLastPurchase;
            case SCORE_PERC_50_LAST_5_DAYS -> scorePerc50Last5Days;
        };
    }
}
