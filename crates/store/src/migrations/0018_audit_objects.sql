-- An audit entry may record many objects at once (an import writes one entry per chunk and
-- division instead of one per record). Such an entry's object_id is the JSON array of its
-- objects' ids and its before/after are JSON arrays in the same order; this table lists each
-- object with its position, so that an object's history finds the entry. It is derived from the
-- hash-chained log, and `audit verify` checks it against the log.
CREATE TABLE audit_objects (
    seq BIGINT NOT NULL,
    item BIGINT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    PRIMARY KEY (seq, item)
){{without_rowid}};
CREATE INDEX audit_objects_object ON audit_objects (object_type, object_id, seq);
