-- Adds two JSON objects of counts key by key: {"NETWORK":2} + {"NETWORK":1,"KEY_MAC":4} = {"NETWORK":3,"KEY_MAC":4}.
-- Used to fold a window's failures by cause into its hour's rollup in one upsert.
CREATE FUNCTION posmon_add_counts(a TEXT, b TEXT) RETURNS TEXT AS $$
    SELECT COALESCE(jsonb_object_agg(key, total), '{}'::jsonb)::text
    FROM (SELECT key, SUM(value::bigint) AS total
          FROM (SELECT * FROM jsonb_each_text(COALESCE(a, '{}')::jsonb)
                UNION ALL
                SELECT * FROM jsonb_each_text(COALESCE(b, '{}')::jsonb)) AS both_sides
          GROUP BY key) AS sums
$$ LANGUAGE SQL IMMUTABLE;
