-- Cases: enterprise demands (诉求), FIE complaints (投诉) and problem-list items (问题清单),
-- one model with a kind. A case's placement columns are those of the division where it arose,
-- so after escalation the lower level keeps read access; owner_division is who handles it now.

CREATE TABLE cases (
    id {{pk}},
    number TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    channel TEXT NOT NULL,
    enterprise_id BIGINT REFERENCES enterprises (id),
    parent_id BIGINT REFERENCES cases (id),
    status TEXT NOT NULL,
    -- The state a pause interrupted, restored on resume.
    paused_from TEXT,
    paused_on TEXT,
    origin_division TEXT NOT NULL,
    owner_division TEXT NOT NULL,
    department TEXT,
    assignee_id BIGINT REFERENCES users (id),
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    enterprise_uscc TEXT,
    received_on TEXT NOT NULL,
    dispatched_on TEXT,
    acknowledge_due TEXT,
    reply_due TEXT,
    resolve_due TEXT,
    -- The earliest deadline still to be met: what the overdue scan and the lists sort on.
    next_due TEXT,
    due_provisional BIGINT NOT NULL DEFAULT 0,
    acknowledged_on TEXT,
    replied_on TEXT,
    resolved_on TEXT,
    closed_on TEXT,
    extensions BIGINT NOT NULL DEFAULT 0,
    rating BIGINT,
    rating_comment TEXT,
    version BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_province ON cases (scope_province, id);
CREATE INDEX cases_prefecture ON cases (scope_prefecture, id);
CREATE INDEX cases_county ON cases (scope_county, id);
CREATE INDEX cases_enterprise ON cases (enterprise_uscc, id);
CREATE INDEX cases_next_due ON cases (next_due);
CREATE INDEX cases_parent ON cases (parent_id);

-- The case ledger: every move and clock event, append-only.
CREATE TABLE case_events (
    id {{pk}},
    case_id BIGINT NOT NULL REFERENCES cases (id),
    at TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    detail_json TEXT
);
CREATE INDEX case_events_case ON case_events (case_id, id);

-- Time limits in working days, per jurisdiction and category; the most specific division
-- among the case owner's ancestors wins. '*' is any category.
CREATE TABLE case_time_limits (
    division TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    acknowledge_days BIGINT NOT NULL,
    reply_days BIGINT NOT NULL,
    resolve_days BIGINT NOT NULL,
    extended_max_days BIGINT NOT NULL,
    return_window_days BIGINT NOT NULL,
    source TEXT NOT NULL,
    PRIMARY KEY (division, kind, category)
);
-- National defaults: comparators named in PRODUCT.md ("Service clocks to offer as defaults"), not
-- national law: the Shandong enterprise hotline (acknowledge 1, reply 3, solve 15, complex up to
-- 30 working days) and the 12345 hotline rule for returning a wrongly assigned case (2 days).
INSERT INTO case_time_limits VALUES ('000000', 'demand', '*', 1, 3, 15, 30, 2,
    'default from comparators (Shandong enterprise hotline; 12345 return rule), not national law');
INSERT INTO case_time_limits VALUES ('000000', 'problem', '*', 1, 3, 15, 30, 2,
    'default from comparators (Shandong enterprise hotline; 12345 return rule), not national law');
