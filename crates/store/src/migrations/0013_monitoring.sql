-- Operations monitoring (运行监测): campaigns over the roster, their frozen target
-- population, responses per period with every earlier revision, one-time answer links,
-- alerts that opened problem cases, and the coverage and aggregate figures kept current by
-- every response write (the same idea as case_counts and project_counts).

CREATE TABLE campaigns (
    id {{pk}},
    number TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    template TEXT,
    owner_division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    period_kind TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- The share of the target population that must answer before a period may be
    -- reported complete, in basis points (10000 = everyone).
    coverage_target_bp BIGINT NOT NULL,
    -- The population filter as the owner set it (JSON), frozen into campaign_targets.
    population TEXT NOT NULL,
    indicator_version BIGINT NOT NULL,
    -- draft (being defined), open (targets frozen, answers accepted), closed.
    status TEXT NOT NULL,
    targets BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version BIGINT NOT NULL
);
CREATE INDEX campaigns_province ON campaigns (scope_province, id);
CREATE INDEX campaigns_prefecture ON campaigns (scope_prefecture, id);
CREATE INDEX campaigns_county ON campaigns (scope_county, id);

-- Every set of indicators and alert rules a campaign has had; responses name the version
-- they answered, so an edit after answers arrived loses nothing.
CREATE TABLE campaign_versions (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    version BIGINT NOT NULL,
    indicators TEXT NOT NULL,
    rules TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (campaign_id, version)
);

-- Periods reported complete (or not): one row per period once its owner acts on it.
CREATE TABLE campaign_periods (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    period TEXT NOT NULL,
    reported_at TEXT,
    reported_by TEXT,
    answered BIGINT,
    targets BIGINT,
    PRIMARY KEY (campaign_id, period)
);

-- The target population, frozen when the campaign opens (and extended by a refresh).
CREATE TABLE campaign_targets (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    PRIMARY KEY (campaign_id, enterprise_id)
);
CREATE INDEX campaign_targets_province ON campaign_targets (campaign_id, scope_province, enterprise_id);
CREATE INDEX campaign_targets_prefecture ON campaign_targets (campaign_id, scope_prefecture, enterprise_id);
CREATE INDEX campaign_targets_county ON campaign_targets (campaign_id, scope_county, enterprise_id);

CREATE TABLE campaign_responses (
    id {{pk}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    period TEXT NOT NULL,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    enterprise_uscc TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    indicator_version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    -- enterprise (own account), link (one-time link), proxy (an officer took it by phone),
    -- import (an officer's spreadsheet of answers collected offline).
    channel TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    revision BIGINT NOT NULL,
    UNIQUE (campaign_id, period, enterprise_id)
);
CREATE INDEX campaign_responses_enterprise ON campaign_responses (enterprise_id, campaign_id, period);

-- Earlier revisions of a corrected response (the current one is in campaign_responses).
CREATE TABLE campaign_response_revisions (
    response_id BIGINT NOT NULL REFERENCES campaign_responses (id),
    revision BIGINT NOT NULL,
    indicator_version BIGINT NOT NULL,
    answers TEXT NOT NULL,
    channel TEXT NOT NULL,
    submitted_by TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    PRIMARY KEY (response_id, revision)
);

-- One-time answer links: only the SM3 digest of the token is stored.
CREATE TABLE campaign_links (
    id {{pk}},
    digest TEXT NOT NULL UNIQUE,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    period TEXT NOT NULL,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX campaign_links_enterprise ON campaign_links (campaign_id, period, enterprise_id);

-- A breach of an alert rule, and the problem case it opened: one per rule, period and
-- enterprise, whatever runs twice.
CREATE TABLE campaign_alerts (
    id {{pk}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    period TEXT NOT NULL,
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    rule TEXT NOT NULL,
    value BIGINT NOT NULL,
    previous BIGINT,
    case_id BIGINT REFERENCES cases (id),
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (campaign_id, period, enterprise_id, rule)
);
CREATE INDEX campaign_alerts_period ON campaign_alerts (campaign_id, period, id);

-- Reminders sent to enterprises not yet answered and to their officers (bookkeeping of
-- who was chased when; the notices themselves are in the inbox).
CREATE TABLE campaign_reminders (
    id {{pk}},
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    period TEXT NOT NULL,
    kind TEXT NOT NULL,
    division TEXT NOT NULL,
    enterprises BIGINT NOT NULL,
    notices BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX campaign_reminders_campaign ON campaign_reminders (campaign_id, period, id);

-- Coverage, kept current: targets per division where enterprises are placed, and answers
-- per period and division. The national view sums a few thousand rows.
CREATE TABLE campaign_target_counts (
    campaign_id BIGINT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    targets BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, division)
);
CREATE TABLE campaign_answer_counts (
    campaign_id BIGINT NOT NULL,
    period TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    answered BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, period, division)
);

-- Aggregates of the answers, kept current at three grains: per province (read by the
-- national view), per prefecture (read by province and prefecture views), both with one row
-- per dimension value (dim: all, industry section, source region, size band); and per
-- county with the totals only (a prefecture's breakdown by county). A county view reads its
-- own responses. Each row holds every indicator's figures as one JSON object, merged in Rust
-- under the write lock.
CREATE TABLE campaign_stats (
    campaign_id BIGINT NOT NULL,
    period TEXT NOT NULL,
    grain TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    responses BIGINT NOT NULL,
    figures TEXT NOT NULL,
    PRIMARY KEY (campaign_id, period, grain, division, dim, key)
);
CREATE INDEX campaign_stats_province ON campaign_stats (campaign_id, period, grain, scope_province);
CREATE INDEX campaign_stats_prefecture ON campaign_stats (campaign_id, period, grain, scope_prefecture);
