-- No query reads campaign answers by enterprise first: every read goes through
-- (campaign_id, period, enterprise_id). The index by enterprise cost one random
-- B-tree insert per answer on the largest table (13 million rows in the
-- national benchmark) and served nothing.
DROP INDEX campaign_responses_enterprise;
