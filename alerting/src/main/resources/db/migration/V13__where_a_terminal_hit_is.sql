-- analytics' health transitions carry the terminal's GB/T 2260 region code (440305), so that the list of the terminals
-- an incident hit names each one's city for the desk (GET /v1/incidents/{id}/terminals: city, cityName). Rows from
-- before have none: their city is left empty.
ALTER TABLE terminal_health_event ADD COLUMN region VARCHAR(16);
