package com.playerattributes.compute;

import com.playerattributes.events.EventSchema;
import com.playerattributes.events.TestEvent;
import com.playerattributes.snapshot.PanelRow;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The attribute definitions written a second time, independently of the SQL under test: plain Java loops over
 * events, straight from the wording. Used to cross-check the engine on real data.
 */
final class ReferencePanel {

    private ReferencePanel() {
    }

    static Map<String, PanelRow> compute(List<TestEvent> events, Instant asOf) {
        LocalDateTime t = LocalDateTime.ofInstant(asOf, ZoneOffset.UTC);
        LocalDate d = t.toLocalDate();
        Map<String, List<TestEvent>> byPlayer = new HashMap<>();
        for (TestEvent e : events) {
            if (e.playerId() != null && !e.timestampUtc().isAfter(t)) {
                byPlayer.computeIfAbsent(e.playerId(), k -> new ArrayList<>()).add(e);
            }
        }
        Map<String, PanelRow> panel = new HashMap<>();
        byPlayer.forEach((player, evs) -> panel.put(player, row(player, evs, d)));
        return panel;
    }

    private static PanelRow row(String player, List<TestEvent> evs, LocalDate d) {
        // 1. country of the latest event with a country; ties in time -> greatest country
        TestEvent latest = null;
        for (TestEvent e : evs) {
            if (e.country() == null) {
                continue;
            }
            if (latest == null || e.timestampUtc().isAfter(latest.timestampUtc())
                    || (e.timestampUtc().isEqual(latest.timestampUtc()) && e.country().compareTo(latest.country()) > 0)) {
                latest = e;
            }
        }
        String country = latest == null ? null : latest.country();

        // 2. mean of the latest <= 10 purchases with an amount (time desc, amount desc)
        List<TestEvent> purchases = new ArrayList<>();
        for (TestEvent e : evs) {
            if (e.name().equals(EventSchema.PURCHASE_EVENT) && e.depositAmount() != null) {
                purchases.add(e);
            }
        }
        purchases.sort(Comparator.comparing(TestEvent::timestampUtc).thenComparing(TestEvent::depositAmount).reversed());
        Double avgPrice = null;
        if (!purchases.isEmpty()) {
            double sum = 0;
            int n = Math.min(10, purchases.size());
            for (int i = 0; i < n; i++) {
                sum += purchases.get(i).depositAmount();
            }
            avgPrice = sum / n;
        }

        // active days (UTC date of timestamp_utc) with their match counts, newest first
        TreeMap<LocalDate, Integer> matchesByDay = new TreeMap<>(Comparator.reverseOrder());
        LocalDate lastPurchaseDay = null;
        for (TestEvent e : evs) {
            LocalDate day = e.timestampUtc().toLocalDate();
            matchesByDay.merge(day, e.name().equals(EventSchema.MATCH_EVENT) ? 1 : 0, Integer::sum);
            if (e.name().equals(EventSchema.PURCHASE_EVENT) && (lastPurchaseDay == null || day.isAfter(lastPurchaseDay))) {
                lastPurchaseDay = day;
            }
        }

        // 3. weighted mean of daily matches over the last n = min(10, active days) days, newest weighs n
        int n = Math.min(10, matchesByDay.size());
        double weighted = 0;
        double weights = 0;
        int r = 1;
        for (int m : matchesByDay.values()) {
            if (r > n) {
                break;
            }
            int w = n - r + 1;
            weighted += (double) w * m;
            weights += w;
            r++;
        }

        // 4. active days d with P < d <= D
        Long daysSincePurchase = null;
        if (lastPurchaseDay != null) {
            long count = 0;
            for (LocalDate day : matchesByDay.keySet()) {
                if (day.isAfter(lastPurchaseDay) && !day.isAfter(d)) {
                    count++;
                }
            }
            daysSincePurchase = count;
        }

        // 5. exact median of scores of matches dated in [D-4, D]
        List<Double> scores = new ArrayList<>();
        for (TestEvent e : evs) {
            LocalDate day = e.timestampUtc().toLocalDate();
            if (e.name().equals(EventSchema.MATCH_EVENT) && e.tournamentScore() != null
                    && !day.isBefore(d.minusDays(4)) && !day.isAfter(d)) {
                scores.add(e.tournamentScore());
            }
        }
        Double median = null;
        if (!scores.isEmpty()) {
            scores.sort(Double::compare);
            int k = scores.size();
            median = k % 2 == 1 ? scores.get(k / 2) : (scores.get(k / 2 - 1) + scores.get(k / 2)) / 2;
        }
        return new PanelRow(player, country, avgPrice, weighted / weights, daysSincePurchase, median);
    }
}
