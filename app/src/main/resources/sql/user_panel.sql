-- user_panel: one row per player, one column per attribute.
--
-- Input: a relation named `events` with the raw event columns (name, player_id, timestamp_utc,
-- country, deposit_amount, tournament_score, ...). Every row is one event.
--
-- Parameters, written as $-brace placeholders and substituted before execution (compute/AttributeQuery.java):
--   as_of_ts           T, the as-of instant in UTC, as a TIMESTAMP literal
--   window_start_ts    midnight UTC starting D - 4 (D = the UTC date of T), as a TIMESTAMP literal
-- Dialect placeholders, the only text that differs between engines (compute/SqlDialect.java):
--   tuple                      builds an ordered pair that compares field by field (DuckDB: row, Spark: struct)
--   inline                     asks the engine to re-read a CTE used several times rather than copy it
--                              (DuckDB: NOT MATERIALIZED; Spark inlines on its own: empty)
--   mean_of_latest_10(v, t)    aggregate: the mean of v over the group's 10 rows with the greatest (t, v)
--                              among rows where v is not null, all of them if fewer; null if none
--                              (DuckDB: max_by with n = 10; Spark: a sorted collect_list)
--
-- Cost: the events are read three times: once in full (player_days) and twice filtered by event name
-- (purchases, matches in the median window). Everything else works on player_days, about one row per
-- player and active day. docs/compute.md has the measurements behind this shape.

WITH

-- Events counted: only events with timestamp_utc <= T. No de-duplication: rows carry no event id,
-- and identical rows are legitimate repeats. Rows without a player id cannot belong to a player.
-- event_date is the UTC calendar date of timestamp_utc; date_utc is deliberately not used.
counted AS ${inline} (
    SELECT player_id,
           name,
           timestamp_utc,
           CAST(timestamp_utc AS DATE) AS event_date,
           country,
           deposit_amount,
           tournament_score
    FROM events
    WHERE timestamp_utc <= ${as_of_ts}
      AND player_id IS NOT NULL
),

-- The one pass over all counted events: a row per player, active day (a UTC date with at least one
-- counted event of any name) and country seen that day, with that day's matches (srvTournamentFinished)
-- and latest event time. Country is part of the key so that the exact country rule below needs no
-- second pass; a player keeps one country per day in practice.
player_days AS (
    SELECT player_id,
           event_date,
           country,
           COUNT_IF(name = 'srvTournamentFinished') AS matches,
           MAX(timestamp_utc)                       AS last_event_ts
    FROM counted
    GROUP BY player_id, event_date, country
),

-- Active days numbered from the most recent: r = 1 for the newest. DENSE_RANK, because a day on which
-- the player's country changed has one row per country; those rows share the day's r.
days_by_recency AS (
    SELECT player_id,
           event_date,
           matches,
           DENSE_RANK() OVER (PARTITION BY player_id ORDER BY event_date DESC) AS r
    FROM player_days
),

-- 1. country: the country of the player's latest counted event whose country is not null.
--    On a tie in timestamp_utc, the greatest country string wins (the pair compares timestamp first).
--    Each (day, country) row carries the latest time that country was seen, so the greatest
--    (time, country) pair over the rows is the greatest over the events. Null when no event has a country.
attr_country AS (
    SELECT player_id,
           MAX_BY(country, ${tuple}(last_event_ts, country)) AS country
    FROM player_days
    WHERE country IS NOT NULL
    GROUP BY player_id
),

-- One pass over the purchases (srvTransactionCompleted events):
-- 2. avg_price_10: the mean deposit_amount of the player's latest <= 10 purchases with a non-null amount,
--    ordered by timestamp_utc descending, then deposit_amount descending. Null when there are none.
-- and, for attribute 4, P: the date of the player's latest purchase, with or without an amount.
attr_purchases AS (
    SELECT player_id,
           ${mean_of_latest_10(deposit_amount, timestamp_utc)} AS avg_price_10,
           CAST(MAX(timestamp_utc) AS DATE)                    AS last_purchase_date
    FROM counted
    WHERE name = 'srvTransactionCompleted'
    GROUP BY player_id
),

-- 3. last_weighted_daily_matches_count_10_played_days: over the player's last n = min(10, active days)
--    active days, r = 1 for the most recent, m_r = matches that day (0 on a day without matches),
--    weight w_r = n - r + 1 (newest weighs n, oldest 1); value = sum(w_r * m_r) / sum(w_r).
--    Over the rows with r <= 10, n = max(r), sum(w_r * m_r) = (n + 1) * sum(m_r) - sum(r * m_r)
--    and sum(w_r) = n * (n + 1) / 2: integers until the one division.
--    Every player has a most recent active day (r = 1), so this CTE lists exactly the panel's players:
--    a player is in the panel if and only if they have at least one counted event.
attr_weighted_matches AS (
    SELECT player_id,
           CAST((MAX(r) + 1) * SUM(matches) - SUM(r * matches) AS DOUBLE) / (MAX(r) * (MAX(r) + 1) / 2)
               AS last_weighted_daily_matches_count_10_played_days
    FROM days_by_recency
    WHERE r <= 10
    GROUP BY player_id
),

-- 4. active_days_since_last_purchase: P = date of the player's latest purchase (any srvTransactionCompleted);
--    the number of active days d with P < d <= D. A purchase on D gives 0. Null when the player never purchased.
--    P is itself an active day and no active day is after D, so the count is P's r minus 1.
attr_days_since_purchase AS (
    SELECT d.player_id,
           MAX(d.r) - 1 AS active_days_since_last_purchase
    FROM days_by_recency d
    JOIN attr_purchases p ON p.player_id = d.player_id
    WHERE d.event_date >= p.last_purchase_date
    GROUP BY d.player_id
),

-- 5. score_perc_50_last_5_days: the exact median of tournament_score over the player's matches whose
--    date is in [D - 4, D]; for an even count, the mean of the two middle values. Null when there are none.
--    Counted events end at T, inside D, so the window is timestamp_utc >= midnight starting D - 4.
attr_score_median AS (
    SELECT player_id,
           MEDIAN(tournament_score) AS score_perc_50_last_5_days
    FROM counted
    WHERE name = 'srvTournamentFinished'
      AND tournament_score IS NOT NULL
      AND timestamp_utc >= ${window_start_ts}
    GROUP BY player_id
)

SELECT w.player_id                                                            AS player_id,
       c.country                                                              AS country,
       CAST(a.avg_price_10 AS DOUBLE)                                         AS avg_price_10,
       CAST(w.last_weighted_daily_matches_count_10_played_days AS DOUBLE)     AS last_weighted_daily_matches_count_10_played_days,
       CAST(s.active_days_since_last_purchase AS BIGINT)                      AS active_days_since_last_purchase,
       CAST(m.score_perc_50_last_5_days AS DOUBLE)                            AS score_perc_50_last_5_days
FROM attr_weighted_matches w
LEFT JOIN attr_country             c ON c.player_id = w.player_id
LEFT JOIN attr_purchases           a ON a.player_id = w.player_id
LEFT JOIN attr_days_since_purchase s ON s.player_id = w.player_id
LEFT JOIN attr_score_median        m ON m.player_id = w.player_id
