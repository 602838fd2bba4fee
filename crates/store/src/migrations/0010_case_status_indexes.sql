-- The open cases by scope and status, newest first: a ledger filtered on an open status (accepted
-- complaints, say) reads its page directly instead of walking every open case of the scope
-- (cases_open_*, 0008) until fifty match. Only open cases, so each index is small.
CREATE INDEX cases_open_status ON cases (status, id) WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_province_status ON cases (scope_province, status, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_prefecture_status ON cases (scope_prefecture, status, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
CREATE INDEX cases_open_county_status ON cases (scope_county, status, id)
    WHERE status NOT IN ('closed', 'withdrawn', 'refused', 'terminated');
-- Statistics for the new indexes: without them SQLite took the status index for the overdue list
-- and sorted every open case of the province (20 req/s instead of 2,000 on the million-case copy).
ANALYZE;
