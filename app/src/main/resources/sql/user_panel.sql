-- user_panel: one row per player, one column per attribute.
--
-- Input: a relation named `events` with the raw event columns (name, player_id, timestamp_utc,
-- country, deposit_amount, tournament_score, ...). Every row is one event.
--
-- Parameters, written as $-brace placeholders and substituted before execution (compute/AttributeQuery.java):
--   as_of_ts           T, the as-of instant in UTC, as a TIMESTAMP literal
--   as_of_date         D, the UTC calendar date of T, as a DATE literal
--   window_start_date  D - 4, the first day of the 5-day median window, as a DATE literal
-- Dialect placeholders, the only text that differs between engines (compute/SqlDialect.java):
--   tuple              builds an ordered pair that compares field by field (DuckDB: row, Spark: struct)
--   inline             asks the engine to inline a CTE used several times rather than materialise it
--                      (DuckDB: NOT MATERIALIZED; Spark inlines on its own: empty)
--
-- Everything below is plain SQL that DuckDB and Spark SQL both run unchanged.

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

-- Active days: each UTC date on which the player has at least one counted event of any name,
-- with that day's number of matches (srvTournamentFinished) and purchases (srvTransactionCompleted).
-- A player is in the panel if and only if they have at least one active day.
active_days AS (
    SELECT player_id,
           event_date,
           COUNT(CASE WHEN name = 'srvTournamentFinished' THEN 1 END)   AS matches,
           COUNT(CASE WHEN name = 'srvTransactionCompleted' THEN 1 END) AS purchases
    FROM counted
    GROUP BY player_id, event_date
),

players AS (
    SELECT player_id
    FROM active_days
    GROUP BY player_id
),

-- 1. country: the country of the player's latest counted event whose country is not null.
--    On a tie in timestamp_utc, the greatest country string wins (the pair compares timestamp first).
--    Null when the player has no event with a country.
attr_country AS (
    SELECT player_id,
           MAX_BY(country, ${tuple}(timestamp_utc, country)) AS country
    FROM counted
    WHERE country IS NOT NULL
    GROUP BY player_id
),

-- 2. avg_price_10: the mean deposit_amount of the player's latest <= 10 purchases with a non-null amount,
--    ordered by timestamp_utc descending, then deposit_amount descending. Null when there are none.
purchases_by_recency AS (
    SELECT player_id,
           deposit_amount,
           ROW_NUMBER() OVER (PARTITION BY player_id
                              ORDER BY timestamp_utc DESC, deposit_amount DESC) AS recency
    FROM counted
    WHERE name = 'srvTransactionCompleted'
      AND deposit_amount IS NOT NULL
),
attr_avg_price_10 AS (
    SELECT player_id,
           AVG(deposit_amount) AS avg_price_10
    FROM purchases_by_recency
    WHERE recency <= 10
    GROUP BY player_id
),

-- 3. last_weighted_daily_matches_count_10_played_days: over the player's last n = min(10, active days)
--    active days, r = 1 for the most recent, m_r = matches that day (0 on a day without matches),
--    weight w_r = n - r + 1 (newest weighs n, oldest 1); value = sum(w_r * m_r) / sum(w_r).
days_by_recency AS (
    SELECT player_id,
           matches,
           ROW_NUMBER() OVER (PARTITION BY player_id ORDER BY event_date DESC) AS r,
           LEAST(10, COUNT(*) OVER (PARTITION BY player_id))                  AS n
    FROM active_days
),
attr_weighted_matches AS (
    SELECT player_id,
           CAST(SUM((n - r + 1) * matches) AS DOUBLE) / SUM(n - r + 1)
               AS last_weighted_daily_matches_count_10_played_days
    FROM days_by_recency
    WHERE r <= n
    GROUP BY player_id
),

-- 4. active_days_since_last_purchase: P = date of the player's latest purchase (any srvTransactionCompleted);
--    the number of active days d with P < d <= D. A purchase on D gives 0. Null when the player never purchased.
last_purchase AS (
    SELECT player_id,
           MAX(event_date) AS last_purchase_date
    FROM active_days
    WHERE purchases > 0
    GROUP BY player_id
),
attr_days_since_purchase AS (
    SELECT d.player_id,
           COUNT(CASE WHEN d.event_date > p.last_purchase_date
                       AND d.event_date <= ${as_of_date} THEN 1 END) AS active_days_since_last_purchase
    FROM active_days d
    JOIN last_purchase p ON p.player_id = d.player_id
    GROUP BY d.player_id
),

-- 5. score_perc_50_last_5_days: the exact median of tournament_score over the player's matches whose
--    date is in [D - 4, D]; for an even count, the mean of the two middle values. Null when there are none.
attr_score_median AS (
    SELECT player_id,
           MEDIAN(tournament_score) AS score_perc_50_last_5_days
    FROM counted
    WHERE name = 'srvTournamentFinished'
      AND tournament_score IS NOT NULL
      AND event_date >= ${window_start_date}
      AND event_date <= ${as_of_date}
    GROUP BY player_id
)

SELECT p.player_id                                                            AS player_id,
       c.country                                                              AS country,
       CAST(a.avg_price_10 AS DOUBLE)                                         AS avg_price_10,
       CAST(w.last_weighted_daily_matches_count_10_played_days AS DOUBLE)     AS last_weighted_daily_matches_count_10_played_days,
       CAST(s.active_days_since_last_purchase AS BIGINT)                      AS active_days_since_last_purchase,
       CAST(m.score_perc_50_last_5_days AS DOUBLE)                            AS score_perc_50_last_5_days
FROM players p
LEFT JOIN attr_country             c ON c.player_id = p.player_id
LEFT JOIN attr_avg_price_10        a ON a.player_id = p.player_id
LEFT JOIN attr_weighted_matches    w ON w.player_id = p.player_id
LEFT JOIN attr_days_since_purchase s ON s.player_id = p.player_id
LEFT JOIN attr_score_median        m ON m.player_id = p.player_id
