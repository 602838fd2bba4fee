-- Case figures kept current for the leaders' dashboard: one row per division of origin,
-- category and status, changed in the same transaction as the case, so the dashboard sums a few
-- thousand rows instead of scanning millions of cases.

-- Working days from receipt to resolution (or closing), set when the case is resolved or closed.
ALTER TABLE cases ADD COLUMN days_to_close BIGINT;

CREATE TABLE case_counts (
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    -- Cases resolved against a resolve deadline, and of those on time.
    resolved BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    days_n BIGINT NOT NULL,
    days_sum BIGINT NOT NULL,
    rating_n BIGINT NOT NULL,
    rating_sum BIGINT NOT NULL,
    PRIMARY KEY (division, kind, category, status)
);
CREATE INDEX case_counts_province ON case_counts (scope_province);
CREATE INDEX case_counts_prefecture ON case_counts (scope_prefecture);
CREATE INDEX case_counts_county ON case_counts (scope_county);

INSERT INTO case_counts (division, scope_province, scope_prefecture, scope_county, kind, category, status, n,
    resolved, on_time, days_n, days_sum, rating_n, rating_sum)
SELECT origin_division, MIN(scope_province), MIN(scope_prefecture), MIN(scope_county), kind, category, status,
    COUNT(*),
    SUM(CASE WHEN resolved_on IS NOT NULL AND resolve_due IS NOT NULL THEN 1 ELSE 0 END),
    SUM(CASE WHEN resolved_on IS NOT NULL AND resolve_due IS NOT NULL AND resolved_on <= resolve_due THEN 1 ELSE 0 END),
    0, 0,
    SUM(CASE WHEN rating IS NOT NULL THEN 1 ELSE 0 END),
    SUM(COALESCE(rating, 0))
FROM cases GROUP BY origin_division, kind, category, status;
