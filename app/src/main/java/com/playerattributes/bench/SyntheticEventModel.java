package com.playerattributes.bench;

import java.util.List;

/**
 * The parameters of synthetic players, fitted to the 40 real event files (12.9M events, 40,000 players); the
 * measurements behind each number are in {@code docs/synthetic-data.md}. Every quantity is drawn per player, then
 * per event, so players differ the way real ones do (a heavy spender stays a heavy spender).
 *
 * @param countries           country codes; the first is drawn with {@code firstCountryShare}, the rest uniformly
 * @param firstCountryShare   share of players in the first country (US: 0.662 of real players)
 * @param androidShare        share of players on android, the others on ios
 * @param countStep           matches and purchases per player come in multiples of this (5 in the real data)
 * @param minMatchBlock       matches per player = countStep x U{minMatchBlock..maxMatchBlock}
 * @param sessionsPerKind     match days and purchase days are each this many draws, with replacement, from the window
 * @param minPurchaseBlock    purchases per player = countStep x U{minPurchaseBlock..maxPurchaseBlock}
 * @param maxJoinLeadSeconds  a join precedes its finish by U{0..maxJoinLeadSeconds} seconds (one lead per player)
 * @param minMeanDeposit      a player's mean deposit is U(minMeanDeposit, maxMeanDeposit)
 * @param minMeanScore        a player's mean score is U(minMeanScore, maxMeanScore)
 * @param relativeSpread      deposits and scores are Normal(mean, relativeSpread x mean), rounded to integers
 * @param truncateSds         ...truncated to mean +- truncateSds standard deviations
 */
public record SyntheticEventModel(
        List<String> countries, double firstCountryShare, double androidShare,
        int countStep, int minMatchBlock, int maxMatchBlock, int sessionsPerKind,
        int minPurchaseBlock, int maxPurchaseBlock, int maxJoinLeadSeconds,
        double minMeanDeposit, double maxMeanDeposit, double minMeanScore, double maxMeanScore,
        double relativeSpread, double truncateSds) {

    /** The fit to the real sample (see docs/synthetic-data.md). */
    public static final SyntheticEventModel FITTED = new SyntheticEventModel(
            List.of("US", "CA", "AU", "NL", "ES", "DE", "GB", "FR", "IT", "JP", "AT"), 0.662, 0.50,
            5, 5, 54, 5,
            1, 10, 299,
            10.0, 100.0, 400.0, 10_000.0,
            0.10, 4.2);

    public SyntheticEventModel {
        countries = List.copyOf(countries);
    }

    /** Expected events of one player: a join and a finish per match, plus purchases. */
    public double expectedEventsPerPlayer() {
        double matches = countStep * (minMatchBlock + maxMatchBlock) / 2.0;
        double purchases = countStep * (minPurchaseBlock + maxPurchaseBlock) / 2.0;
        return 2 * matches + purchases;
    }
}
