-- The second round of fixes from the 1,000,000-case benchmark (BENCHMARKS.md, issue 4).

-- Overdue flags move out of the wide case row. A row here says the scan has flagged the case's
-- deadline `next_due`; a case whose next deadline moves on no longer matches its row, so no write
-- to `cases` has to clear anything. Flagging 26,396 cases wrote as many wide rows (and, on
-- PostgreSQL, an entry in each of the table's indexes); it now writes as many narrow rows.
CREATE TABLE case_overdue_flags (
    case_id BIGINT PRIMARY KEY REFERENCES cases (id),
    next_due TEXT NOT NULL
);
INSERT INTO case_overdue_flags (case_id, next_due)
    SELECT id, next_due FROM cases WHERE overdue_flagged = 1 AND next_due IS NOT NULL;
DROP INDEX cases_overdue_unflagged;
ALTER TABLE cases DROP COLUMN overdue_flagged;
-- Superseded by cases_due_open (0007), which holds only the open deadlines.
DROP INDEX cases_next_due;

-- Case figures rolled up per province (the empty string for cases that arose at national level),
-- kept in the same transaction as `case_counts`: the national dashboard sums a few thousand rows
-- here instead of one row per county.
CREATE TABLE case_counts_by_province (
    province TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    n BIGINT NOT NULL,
    resolved BIGINT NOT NULL,
    on_time BIGINT NOT NULL,
    days_n BIGINT NOT NULL,
    days_sum BIGINT NOT NULL,
    rating_n BIGINT NOT NULL,
    rating_sum BIGINT NOT NULL,
    PRIMARY KEY (province, kind, category, status)
);
INSERT INTO case_counts_by_province (province, kind, category, status, n, resolved, on_time, days_n, days_sum,
    rating_n, rating_sum)
SELECT COALESCE(scope_province, ''), kind, category, status, SUM(n), SUM(resolved), SUM(on_time), SUM(days_n),
    SUM(days_sum), SUM(rating_n), SUM(rating_sum)
FROM case_counts GROUP BY COALESCE(scope_province, ''), kind, category, status;

-- The open cases (about 6% of a mature ledger) by scope, newest first: the ledger's status and
-- overdue filters read these instead of walking every case of the scope. A query uses them only
-- when it carries the same `status NOT IN (...)` term.
CREATE INDEX cases_open ON cases (id) WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_province ON cases (scope_province, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_prefecture ON cases (scope_prefecture, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_county ON cases (scope_county, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
