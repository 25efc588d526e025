-- Delivery in order per incident and receiver: a newer notification about the same incident to the same
-- receiver makes the older undelivered ones obsolete (they would carry a stale state, e.g. "firing" after
-- "resolved"). They are kept, marked with the row that replaced them, and never sent.
ALTER TABLE notification_outbox ADD COLUMN superseded_by BIGINT;
ALTER TABLE notification_outbox ADD COLUMN superseded_at TIMESTAMPTZ;

-- Rows left undelivered by the version before, behind a newer one: obsolete now.
UPDATE notification_outbox o
SET superseded_by = (SELECT max(n.id) FROM notification_outbox n WHERE n.incident_id = o.incident_id AND n.receiver = o.receiver),
    superseded_at = now()
WHERE o.delivered_at IS NULL
  AND EXISTS (SELECT 1 FROM notification_outbox n WHERE n.incident_id = o.incident_id AND n.receiver = o.receiver AND n.id > o.id);

DROP INDEX notification_outbox_due;
CREATE INDEX notification_outbox_pending ON notification_outbox (incident_id, receiver, id)
    WHERE delivered_at IS NULL AND superseded_by IS NULL;
