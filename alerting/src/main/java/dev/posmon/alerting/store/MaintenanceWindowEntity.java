package dev.posmon.alerting.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Row of table {@code maintenance_window}. */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindowEntity {
    @Id
    public String id;

    @Column(name = "host_id")
    public String hostId;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    public String rrule;
    public String duration;
    public String timezone;
    public String reason;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    public String province;
    public String carrier;

    /** Comma-separated instants ({@link MaintenanceRows#exceptions}). */
    @Column(name = "except_starts")
    public String exceptStarts;

    public String source;
}
