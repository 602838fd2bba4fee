-- Policy editions an administrator loads (a newer negative list, an official copy replacing a
-- working copy, the Hainan list once obtained), beside the editions compiled into the binary.
-- An upload is a draft until activated; it then applies from its own effective date. Nothing is
-- deleted: a withdrawn edition keeps its row, and every change is in the audit log.
CREATE TABLE policy_editions (
    id {{pk}},
    edition_id TEXT NOT NULL,
    list TEXT NOT NULL,
    effective TEXT NOT NULL,
    body TEXT NOT NULL,
    digest TEXT NOT NULL,
    status TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    decided_by TEXT,
    decided_at TEXT
);
CREATE INDEX policy_editions_edition ON policy_editions (edition_id, id);
