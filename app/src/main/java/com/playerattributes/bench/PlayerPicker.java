package com.playerattributes.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Picks player ids uniformly, or Zipf-distributed so that a few players are hot (rank k drawn with weight
 * 1/k^s). Zipf draws use a cumulative table and a binary search: exact, and O(log n) without allocation.
 */
public final class PlayerPicker {

    private final String[] ids;
    private final double[] cumulative; // null for uniform

    private PlayerPicker(String[] ids, double[] cumulative) {
        this.ids = ids;
        this.cumulative = cumulative;
    }

    public static PlayerPicker uniform(List<String> ids) {
        requireIds(ids);
        return new PlayerPicker(ids.toArray(String[]::new), null);
    }

    /** @param exponent the Zipf exponent s > 0 (1.0 is classic Zipf; larger is more skewed) */
    public static PlayerPicker zipf(List<String> ids, double exponent) {
        requireIds(ids);
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("--zipf must be > 0");
        }
        double[] c = new double[ids.size()];
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            c[k] = sum;
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= sum;
        }
        return new PlayerPicker(ids.toArray(String[]::new), c);
    }

    /** The id for a uniform draw {@code u} in [0, 1). */
    public String pick(double u) {
        return ids[index(u)];
    }

    int index(double u) {
        if (cumulative == null) {
            return Math.min(ids.length - 1, (int) (u * ids.length));
        }
        int i = Arrays.binarySearch(cumulative, u);
        int k = i >= 0 ? i + 1 : -i - 1;
        return Math.min(k, ids.length - 1);
    }

    public int size() {
        return ids.length;
    }

    private static void requireIds(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("--players: the file has no player ids");
        }
    }
}
