-- Several alerting replicas may deliver the same outbox (hot standby). A replica claims a row before sending it:
-- claimed_by names the replica, claimed_until ends the lease. Another replica neither sends nor supersedes a row
-- while its lease runs; a replica that dies holding a claim blocks the row only until claimed_until passes.
ALTER TABLE notification_outbox ADD COLUMN claimed_by VARCHAR(128);
ALTER TABLE notification_outbox ADD COLUMN claimed_until TIMESTAMPTZ;

-- Each receiver is delivered by its own worker, which reads its receiver's live rows oldest first.
CREATE INDEX notification_outbox_receiver_pending ON notification_outbox (receiver, id)
    WHERE delivered_at IS NULL AND superseded_by IS NULL;
