package dev.posmon.alerting.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Row of table {@code incident}; JSON columns are text written with the contract's JSON. */
@Entity
@Table(name = "incident")
public class IncidentEntity {
    @Id
    public String id;

    public String kind;
    public String status;
    public String scope;
    public Instant onset;

    @Column(name = "detected_at")
    public Instant detectedAt;

    @Column(name = "detected_window_end")
    public Instant detectedWindowEnd;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    @Column(name = "affected_terminals")
    public long affectedTerminals;

    @Column(name = "still_failing")
    public long stillFailing;

    public long failures;
    public String evidence;
    public String action;

    @Column(name = "quiet_windows")
    public int quietWindows;

    public int reopened;
    public String absorbed;

    /** The acquirers the incident hit ({@code text[]}). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] acquirers;

    /** The action in every language: JSON, language tag → text. */
    public String actions;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
