-- A batch of answers reads the figure rows of the divisions it touches; the primary key leads
-- with the grain, so PostgreSQL read every row of the period to find them (SQLite skip-scanned).
CREATE INDEX campaign_stats_division ON campaign_stats (campaign_id, period, division);
