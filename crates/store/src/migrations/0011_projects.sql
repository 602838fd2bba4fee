-- Major projects (项目储备库): the project record with its stage, amounts converted to US dollars
-- at a recorded rate, the per-mu appraisal inputs, and placement columns for scope. The stage
-- history, tranches of utilised foreign capital, task force, service log and factor approvals are
-- their own append-mostly tables; nothing is deleted (tranches are voided, members removed with
-- a date).

CREATE TABLE projects (
    id {{pk}},
    number TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    division TEXT NOT NULL,
    zone TEXT,
    industry TEXT NOT NULL,
    project_type TEXT NOT NULL,
    -- [{"name": …, "region": "DE"}, …]; source_region is the first investor's, for dashboards.
    investors_json TEXT NOT NULL,
    source_region TEXT NOT NULL,
    enterprise_uscc TEXT,
    total_minor BIGINT,
    total_currency TEXT,
    total_rate BIGINT,
    total_rate_on TEXT,
    total_usd BIGINT,
    contracted_minor BIGINT,
    contracted_currency TEXT,
    contracted_rate BIGINT,
    contracted_rate_on TEXT,
    contracted_usd BIGINT,
    -- The sum of the tranches not voided, in US cents; kept by the tranche writes.
    utilised_usd BIGINT NOT NULL DEFAULT 0,
    -- Land in hundredths of a mu; expected annual output and tax in fen (CNY).
    land_centi_mu BIGINT,
    output_minor BIGINT,
    tax_minor BIGINT,
    jobs BIGINT,
    lead_source TEXT NOT NULL,
    key_level TEXT NOT NULL,
    key_listed_by TEXT,
    publishable BIGINT NOT NULL DEFAULT 0,
    stage TEXT NOT NULL,
    paused_from TEXT,
    stage_on TEXT NOT NULL,
    lead_on TEXT NOT NULL,
    talks_on TEXT,
    signed_on TEXT,
    signing_mode TEXT,
    construction_on TEXT,
    production_on TEXT,
    capacity_on TEXT,
    dropped_on TEXT,
    -- The day of the last recorded change or service; the project is stale after stale_on
    -- (NULL once it no longer needs following: dropped or at capacity).
    last_update_on TEXT NOT NULL,
    stale_on TEXT,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    version BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX projects_province ON projects (scope_province, id);
CREATE INDEX projects_prefecture ON projects (scope_prefecture, id);
CREATE INDEX projects_county ON projects (scope_county, id);
CREATE INDEX projects_stale ON projects (stale_on);
CREATE INDEX projects_enterprise ON projects (enterprise_uscc);
CREATE INDEX projects_key_listed ON projects (key_listed_by, id);

-- Every stage change with its date, who and the evidence. Append-only.
CREATE TABLE project_stage_events (
    id {{pk}},
    project_id BIGINT NOT NULL REFERENCES projects (id),
    at TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    evidence TEXT,
    detail_json TEXT
);
CREATE INDEX project_stage_events_project ON project_stage_events (project_id, id);

-- Utilised foreign capital received in tranches. A wrong tranche is voided with a reason, never
-- deleted or edited.
CREATE TABLE project_tranches (
    id {{pk}},
    project_id BIGINT NOT NULL REFERENCES projects (id),
    received_on TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency TEXT NOT NULL,
    rate BIGINT NOT NULL,
    rate_on TEXT NOT NULL,
    usd_minor BIGINT NOT NULL,
    note TEXT,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    voided_at TEXT,
    voided_by TEXT,
    void_reason TEXT
);
CREATE INDEX project_tranches_project ON project_tranches (project_id, received_on);
CREATE INDEX project_tranches_month ON project_tranches (received_on);

-- The task force (工作专班): the lead official, members from several departments and the
-- enterprise's contact. A member with an account finds the project in their own workspace.
CREATE TABLE project_team (
    id {{pk}},
    project_id BIGINT NOT NULL REFERENCES projects (id),
    role TEXT NOT NULL,
    user_id BIGINT REFERENCES users (id),
    name TEXT NOT NULL,
    department TEXT NOT NULL,
    phone TEXT,
    added_by TEXT NOT NULL,
    added_at TEXT NOT NULL,
    removed_by TEXT,
    removed_at TEXT
);
CREATE INDEX project_team_project ON project_team (project_id);
CREATE INDEX project_team_user ON project_team (user_id, project_id);

-- The service log: visits, meetings, calls, online negotiations and signings. Append-only.
CREATE TABLE project_log (
    id {{pk}},
    project_id BIGINT NOT NULL REFERENCES projects (id),
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    participants TEXT NOT NULL,
    outcome TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX project_log_project ON project_log (project_id, on_date);

-- Factor approvals and milestones (land, planning, environmental assessment, energy review,
-- construction permit, utilities): one row per project and kind, its history in the audit log.
CREATE TABLE project_approvals (
    id {{pk}},
    project_id BIGINT NOT NULL REFERENCES projects (id),
    kind TEXT NOT NULL,
    department TEXT NOT NULL,
    started_on TEXT,
    due_days BIGINT,
    due_on TEXT,
    due_provisional BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    done_on TEXT,
    documents TEXT,
    note TEXT,
    case_id BIGINT REFERENCES cases (id),
    version BIGINT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, kind)
);

-- How many days a project may go without an update before it is flagged, per division; the
-- most specific division among the project's ancestors wins.
CREATE TABLE project_update_rules (
    division TEXT NOT NULL PRIMARY KEY,
    days BIGINT NOT NULL,
    source TEXT NOT NULL
);
INSERT INTO project_update_rules VALUES ('000000', 30,
    'default of the project-ledger issue (update every 30 days), not national law');

-- A problem case raised from a project (a blocked approval) names its project.
ALTER TABLE cases ADD COLUMN project_id BIGINT REFERENCES projects (id);
CREATE INDEX cases_project ON cases (project_id);
