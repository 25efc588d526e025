-- The end of the window (event time) whose judgement opened the incident. detected_at is the wall clock of that
-- decision; the weekly report's MTTD is measured in event time (onset to this), so that replayed or simulated traffic,
-- whose event time lies hours before the wall clock, does not read as hours of detection delay. Rows written before
-- this column existed keep NULL and the report falls back to detected_at.
ALTER TABLE incident ADD COLUMN detected_window_end TIMESTAMPTZ;
