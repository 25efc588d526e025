package dev.posmon.alerting.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Row of table {@code notification_outbox}: one notification to deliver, at least once, unless a newer one
 * about the same incident to the same receiver supersedes it first.
 */
@Entity
@Table(name = "notification_outbox")
public class OutboxEntry {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "incident_id")
    public String incidentId;
    public String receiver;
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "delivered_at")
    public Instant deliveredAt;
    @Column(name = "last_error")
    public String lastError;
    /** The newer row about the same incident and receiver that made this one obsolete (never sent), or null. */
    @Column(name = "superseded_by")
    public Long supersededBy;
    @Column(name = "superseded_at")
    public Instant supersededAt;
    /** The replica delivering this row right now (V6), or null; see {@code notify.OutboxStore#claim}. */
    @Column(name = "claimed_by")
    public String claimedBy;
    /** When that replica's claim lapses, whether or not it is still alive. */
    @Column(name = "claimed_until")
    public Instant claimedUntil;
}
