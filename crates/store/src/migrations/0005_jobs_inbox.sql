-- The durable job table the background worker runs from, and the in-app inbox.

-- One row per logical job; job_key is unique so enqueueing twice is a no-op. A worker claims a
-- due job with one conditional UPDATE (pending and due, or running with an expired lease), so two
-- app instances never run the same job at once; a crashed worker's lease runs out and another
-- picks the job up.
CREATE TABLE jobs (
    id {{pk}},
    kind TEXT NOT NULL,
    job_key TEXT NOT NULL UNIQUE,
    payload TEXT,
    run_at TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    locked_by TEXT,
    locked_until TEXT,
    last_error TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX jobs_due ON jobs (state, run_at);
-- The recurring scan of case clocks: reminders before due dates, overdue flags.
INSERT INTO jobs (kind, job_key, payload, run_at, state, attempts, updated_at)
    VALUES ('clock_scan', 'clock_scan', NULL, '1970-01-01T00:00:00.000000Z', 'pending', 0, '1970-01-01T00:00:00.000000Z');

-- The inbox: one row per recipient and event. dedup_key is unique, so the same reminder is
-- never delivered twice, whichever worker or request produces it. The seam for e-mail or SMS.
CREATE TABLE notifications (
    id {{pk}},
    user_id BIGINT NOT NULL REFERENCES users (id),
    dedup_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    case_id BIGINT REFERENCES cases (id),
    case_number TEXT,
    title TEXT NOT NULL,
    due_on TEXT,
    created_at TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_user ON notifications (user_id, id);

-- Whether the overdue scan has flagged the case's current next deadline; a move that changes
-- next_due clears it. The partial index holds only unflagged cases, so a scan reads what is new.
ALTER TABLE cases ADD COLUMN overdue_flagged BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_overdue_unflagged ON cases (next_due) WHERE overdue_flagged = 0;
