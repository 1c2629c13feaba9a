package com.playerattributes.bench;

import com.playerattributes.events.EventSchema;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Draws the events of synthetic players. Player {@code i} depends only on (seed, i): its random stream is seeded
 * from both, so the output is the same whatever the thread or file that generates it.
 */
public final class SyntheticPlayers {

    /** Event kinds in {@link PlayerEvents#kind}, indexes into {@link #EVENT_NAMES}. */
    public static final int FINISHED = 0;
    public static final int JOINED = 1;
    public static final int PURCHASE = 2;
    public static final List<String> EVENT_NAMES =
            List.of(EventSchema.MATCH_EVENT, EventSchema.JOIN_EVENT, EventSchema.PURCHASE_EVENT);

    /**
     * The events of one player as parallel columns. Mutable and reused for every player a thread generates: a
     * 10M-player run draws 3 billion events, and one object per event would cost more than the drawing.
     */
    public static final class PlayerEvents {
        public String playerId;
        public String country;
        public String platform;
        public int size;
        /** {@link #FINISHED}, {@link #JOINED} or {@link #PURCHASE} */
        public int[] kind = new int[512];
        /** date_utc as epoch day */
        public int[] day = new int[512];
        /** timestamp_utc as epoch second */
        public long[] timestamp = new long[512];
        /** tournament_score of a finish, deposit_amount of a purchase, 0 for a join */
        public double[] value = new double[512];

        void add(int k, long d, long ts, double v) {
            if (size == kind.length) {
                int n = size * 2;
                kind = Arrays.copyOf(kind, n);
                day = Arrays.copyOf(day, n);
                timestamp = Arrays.copyOf(timestamp, n);
                value = Arrays.copyOf(value, n);
            }
            kind[size] = k;
            day[size] = (int) d;
            timestamp[size] = ts;
            value[size] = v;
            size++;
        }
    }

    private static final long SECONDS_PER_DAY = 86_400;

    private final SyntheticEventModel model;
    private final long seed;
    private final long firstDay;
    private final int days;
    private final long idPrefix;

    /**
     * @param end  the last day of the history (inclusive)
     * @param days how many days of history end on {@code end}
     */
    public SyntheticPlayers(SyntheticEventModel model, long seed, LocalDate end, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("--days must be at least 1");
        }
        this.model = model;
        this.seed = seed;
        this.days = days;
        this.firstDay = end.toEpochDay() - days + 1;
        // Ids look like the real ones (24 hex digits, a shared prefix, then a counter), differ between seeds.
        this.idPrefix = new SplittableRandom(seed).nextLong() >>> 32;
    }

    /** The 24-hex-digit id of player {@code index}; unique per (seed, index) for index < 2^63. */
    public String playerId(long index) {
        return String.format("%08x%016x", idPrefix, index);
    }

    /** Fills {@code out} with every event of player {@code index}: finishes, then joins, then purchases (the real row order). */
    public void generate(long index, PlayerEvents out) {
        SplittableRandom rnd = new SplittableRandom(mix(seed, index));
        out.size = 0;
        out.playerId = playerId(index);
        out.country = rnd.nextDouble() < model.firstCountryShare()
                ? model.countries().get(0)
                : model.countries().get(1 + rnd.nextInt(model.countries().size() - 1));
        out.platform = rnd.nextDouble() < model.androidShare() ? "android" : "ios";

        int matches = model.countStep() * rnd.nextInt(model.minMatchBlock(), model.maxMatchBlock() + 1);
        int purchases = model.countStep() * rnd.nextInt(model.minPurchaseBlock(), model.maxPurchaseBlock() + 1);
        long[] matchDays = drawDays(rnd);
        long[] purchaseDays = drawDays(rnd);
        int joinLead = rnd.nextInt(model.maxJoinLeadSeconds() + 1);
        double meanScore = uniform(rnd, model.minMeanScore(), model.maxMeanScore());
        double meanDeposit = uniform(rnd, model.minMeanDeposit(), model.maxMeanDeposit());

        for (int m = 0; m < matches; m++) {
            long day = matchDays[rnd.nextInt(matchDays.length)];
            long finishedAt = day * SECONDS_PER_DAY + rnd.nextInt((int) SECONDS_PER_DAY);
            double score = Math.max(0, Math.rint(normal(rnd, meanScore, model.relativeSpread() * meanScore)));
            out.add(FINISHED, day, finishedAt, score);
        }
        for (int m = 0; m < matches; m++) {
            // date_utc is the day of the match, so a join just before midnight carries the next day's date,
            // as about 0.1% of real rows do.
            out.add(JOINED, out.day[m], out.timestamp[m] - joinLead, 0);
        }
        for (int p = 0; p < purchases; p++) {
            long day = purchaseDays[rnd.nextInt(purchaseDays.length)];
            double amount = Math.max(1, Math.rint(normal(rnd, meanDeposit, model.relativeSpread() * meanDeposit)));
            out.add(PURCHASE, day, day * SECONDS_PER_DAY + rnd.nextInt((int) SECONDS_PER_DAY), amount);
        }
    }

    private long[] drawDays(SplittableRandom rnd) {
        long[] d = new long[model.sessionsPerKind()];
        for (int i = 0; i < d.length; i++) {
            d[i] = firstDay + rnd.nextInt(days);
        }
        return d;
    }

    private static double uniform(SplittableRandom rnd, double min, double max) {
        return min + (max - min) * rnd.nextDouble();
    }

    /**
     * Normal(mean, sd) truncated to mean +- {@link SyntheticEventModel#truncateSds()} sd by redrawing: the real
     * extremes (deposits up to 141 on a mean of 100, scores up to 14,500 on 10,000) sit near 4.2 sd even over
     * millions of draws. Box-Muller, one of the pair discarded to keep each draw independent of call order.
     */
    private double normal(SplittableRandom rnd, double mean, double sd) {
        while (true) {
            double u1 = 1.0 - rnd.nextDouble();
            double u2 = rnd.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            if (Math.abs(z) <= model.truncateSds()) {
                return mean + sd * z;
            }
        }
    }

    /** SplitMix64 finaliser over (seed, index): neighbouring players get unrelated streams. */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
