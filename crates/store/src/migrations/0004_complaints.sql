-- FIE complaints (外商投资企业投诉, MOFCOM Order 2020 No. 3) on the case model, and case attachments.

-- Who complains when no enterprise of the roster does (a foreign investor), and about whom.
ALTER TABLE cases ADD COLUMN complainant TEXT;
ALTER TABLE cases ADD COLUMN respondent TEXT;
-- infringement (an administrative act infringes rights) or environment (investment-environment problem).
ALTER TABLE cases ADD COLUMN complaint_type TEXT;
-- Trade secrets, confidential business information, privacy: shown only to those handling the case.
ALTER TABLE cases ADD COLUMN confidential TEXT;
-- The one written notice listing everything missing, and the complainant's deadline to supplement.
ALTER TABLE cases ADD COLUMN materials_requested TEXT;
ALTER TABLE cases ADD COLUMN materials_due TEXT;
ALTER TABLE cases ADD COLUMN materials_complete_on TEXT;
ALTER TABLE cases ADD COLUMN accepted_on TEXT;
-- A refusal or termination ground (codes of data/complaint_rules.csv).
ALTER TABLE cases ADD COLUMN ground TEXT;
ALTER TABLE cases ADD COLUMN outcome_method TEXT;
-- The written result given to the enterprise (every kind).
ALTER TABLE cases ADD COLUMN result TEXT;

-- Time limits of the complaint measures in working days, per jurisdiction; the most specific
-- division among the owner's ancestors wins, as for case_time_limits.
CREATE TABLE complaint_time_limits (
    division TEXT PRIMARY KEY,
    notice_days BIGINT NOT NULL,
    supplement_days BIGINT NOT NULL,
    acceptance_days BIGINT NOT NULL,
    handling_days BIGINT NOT NULL,
    source TEXT NOT NULL,
    verified BIGINT NOT NULL
);
INSERT INTO complaint_time_limits VALUES ('000000', 7, 15, 7, 60,
    '外商投资企业投诉工作办法（商务部令2020年第3号）: acceptance 7 (art. 15) and handling 60 (art. 19) from a third-party summary; notice 7 and supplement 15 from PRODUCT.md. The stored text of the measures stops at art. 4: unverified',
    0);

-- Files attached to a case: intake materials, supplements, written results.
CREATE TABLE case_attachments (
    id {{pk}},
    case_id BIGINT NOT NULL REFERENCES cases (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sm3 TEXT NOT NULL,
    content {{blob}} NOT NULL,
    -- Trade-secret material: only those handling the case see it.
    confidential BIGINT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX case_attachments_case ON case_attachments (case_id, id);
