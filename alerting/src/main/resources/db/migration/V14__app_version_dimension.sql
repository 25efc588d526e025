-- The app version is a dimension of the cube (a software defect is often one release's): a health transition
-- carries it, so that the terminals of an incident scoped by app version can be listed. Rollups stay by
-- (province, host, carrier, model, firmware, acquirer): cells that differ only by app version add up in one row.
ALTER TABLE terminal_health_event ADD COLUMN app VARCHAR(64);
