-- The audit log filtered by an object's id alone (the admin page's filter) looks its batch
-- entries up in audit_objects by object_id without a type: the index of 0018 led with the type,
-- so that lookup read the whole table. Led by the id, it serves that filter and an object's
-- history alike. (0018's comment describes an earlier draft of the batch entry; the entry's
-- object is `batch:N` and its after `{"objects": [ids], "after": [snapshots]}`, as
-- `store::audit::Batch` and ARCHITECTURE invariant 2 say.)
DROP INDEX audit_objects_object;
CREATE INDEX audit_objects_object ON audit_objects (object_id, object_type, seq);
