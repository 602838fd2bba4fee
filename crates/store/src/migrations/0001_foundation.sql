-- Foundation: accounts, sessions, API tokens, the audit chain and the FIE roster.
-- Integers are BIGINT, times are TEXT (RFC 3339 UTC, microseconds), dates TEXT (YYYY-MM-DD),
-- flags BIGINT 0/1, so that one set of queries serves SQLite and PostgreSQL.

CREATE TABLE users (
    id {{pk}},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    enterprise_uscc TEXT,
    password_hash TEXT NOT NULL,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    active BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX users_division ON users (division);

CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    ip TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id {{pk}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Append-only, hash-chained audit log. `seq` is assigned from audit_head, which every
-- write transaction locks first, so the chain is one total order on both backends.
CREATE TABLE audit_head (
    id BIGINT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id BIGINT,
    actor_name TEXT NOT NULL,
    ip TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    before_json TEXT,
    after_json TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_log (object_type, object_id, seq);
CREATE INDEX audit_province ON audit_log (scope_province, seq);
CREATE INDEX audit_prefecture ON audit_log (scope_prefecture, seq);
CREATE INDEX audit_county ON audit_log (scope_county, seq);

-- The FIE roster. Division placement is denormalised into province / prefecture / county
-- columns so that a jurisdiction check is one indexed equality.
CREATE TABLE enterprises (
    id {{pk}},
    uscc TEXT NOT NULL UNIQUE,
    name_zh TEXT NOT NULL,
    name_en TEXT,
    search_text TEXT NOT NULL,
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    address TEXT,
    industry TEXT NOT NULL,
    industry_section TEXT NOT NULL,
    industry_division TEXT NOT NULL,
    zone TEXT,
    established_on TEXT,
    capital_minor BIGINT,
    capital_currency TEXT,
    controller_region TEXT,
    main_region TEXT,
    status TEXT NOT NULL,
    deregistered_on TEXT,
    liaison_name TEXT,
    liaison_phone TEXT,
    is_key BIGINT NOT NULL DEFAULT 0,
    supplier_of TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX enterprises_province ON enterprises (scope_province, id);
CREATE INDEX enterprises_prefecture ON enterprises (scope_prefecture, id);
CREATE INDEX enterprises_county ON enterprises (scope_county, id);
CREATE INDEX enterprises_industry ON enterprises (industry, id);
CREATE INDEX enterprises_supplier_of ON enterprises (supplier_of);

CREATE TABLE enterprise_investors (
    enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    region TEXT NOT NULL,
    share_bp BIGINT,
    PRIMARY KEY (enterprise_id, position)
);
CREATE INDEX enterprise_investors_region ON enterprise_investors (region, enterprise_id);

-- Uploaded import files between the dry run and the commit (so the two steps work
-- without JavaScript and across app instances). Consumed uploads are marked, not deleted.
CREATE TABLE import_uploads (
    id {{pk}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    filename TEXT NOT NULL,
    content {{blob}} NOT NULL,
    created_at TEXT NOT NULL,
    consumed_at TEXT
);
