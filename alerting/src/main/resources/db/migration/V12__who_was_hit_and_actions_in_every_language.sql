-- analytics now reports each failure episode's beginning (FAILING) and end (RECOVERED) on terminal.health.v1, with
-- every dimension of a scope, so that alerting can list the terminals an incident hit (GET /v1/incidents/{id}/terminals)
-- for the support desk to tell their merchants.
ALTER TABLE terminal_health_event ADD COLUMN carrier VARCHAR(64);
ALTER TABLE terminal_health_event ADD COLUMN model VARCHAR(64);
ALTER TABLE terminal_health_event ADD COLUMN firmware VARCHAR(64);
CREATE INDEX terminal_health_event_failing ON terminal_health_event (at) WHERE state = 'FAILING';

-- An incident's recommended action in every language (JSON: language tag -> text), so that the API answers in the
-- reader's language (lang=, Accept-Language); `action` stays the one in the installation's language, which pages carry.
ALTER TABLE incident ADD COLUMN actions TEXT NOT NULL DEFAULT '{}';
