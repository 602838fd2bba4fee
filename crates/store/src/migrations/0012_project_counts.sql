-- Dashboard figures of the project pipeline, kept current by every project write (the same
-- idea as case_counts): one row per division where projects are placed and per value of a
-- dimension (stage, industry division, source region), the funnel and land totals per
-- division, utilised capital per division and month. A dashboard then sums a few thousand
-- rows instead of scanning every project of the jurisdiction.

CREATE TABLE project_counts (
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    projects BIGINT NOT NULL,
    total_usd BIGINT NOT NULL,
    contracted_usd BIGINT NOT NULL,
    utilised_usd BIGINT NOT NULL,
    PRIMARY KEY (division, dim, key)
);
CREATE INDEX project_counts_province ON project_counts (scope_province, dim);
CREATE INDEX project_counts_prefecture ON project_counts (scope_prefecture, dim);
CREATE INDEX project_counts_county ON project_counts (scope_county, dim);

CREATE TABLE project_funnel (
    division TEXT NOT NULL PRIMARY KEY,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    leads BIGINT NOT NULL,
    talks BIGINT NOT NULL,
    signed BIGINT NOT NULL,
    construction BIGINT NOT NULL,
    production BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    dropped BIGINT NOT NULL,
    paused BIGINT NOT NULL,
    lead_talks_days BIGINT NOT NULL,
    lead_talks_n BIGINT NOT NULL,
    talks_signed_days BIGINT NOT NULL,
    talks_signed_n BIGINT NOT NULL,
    signed_construction_days BIGINT NOT NULL,
    signed_construction_n BIGINT NOT NULL,
    construction_production_days BIGINT NOT NULL,
    construction_production_n BIGINT NOT NULL,
    production_capacity_days BIGINT NOT NULL,
    production_capacity_n BIGINT NOT NULL,
    land_centi_mu BIGINT NOT NULL,
    output_minor BIGINT NOT NULL,
    tax_minor BIGINT NOT NULL
);
CREATE INDEX project_funnel_province ON project_funnel (scope_province);
CREATE INDEX project_funnel_prefecture ON project_funnel (scope_prefecture);
CREATE INDEX project_funnel_county ON project_funnel (scope_county);

CREATE TABLE project_month_counts (
    division TEXT NOT NULL,
    scope_province TEXT,
    scope_prefecture TEXT,
    scope_county TEXT,
    month TEXT NOT NULL,
    usd BIGINT NOT NULL,
    PRIMARY KEY (division, month)
);
CREATE INDEX project_month_counts_province ON project_month_counts (scope_province, month);
CREATE INDEX project_month_counts_prefecture ON project_month_counts (scope_prefecture, month);
CREATE INDEX project_month_counts_county ON project_month_counts (scope_county, month);

-- Expected output per mu (fen per mu), NULL without land or output or once dropped: the land
-- appraisal ranking reads it in index order.
ALTER TABLE projects ADD COLUMN output_per_mu BIGINT;
CREATE INDEX projects_output_per_mu ON projects (output_per_mu);
