-- Indexes found by the 1,000,000-case benchmark (BENCHMARKS.md, issue 4).

-- Open deadlines with what the dashboard groups them by: counting overdue cases at national or
-- province scope reads only this index (2.36 s → 19 ms measured), and NULL deadlines (closed
-- cases, most of the table) are left out, so the planner sees how selective a date range is.
CREATE INDEX cases_due_open ON cases (next_due, status, scope_province, scope_prefecture, scope_county,
    origin_division, category) WHERE next_due IS NOT NULL;
