-- A county's or a city's ledger filtered by stage or by source country walked the division's
-- projects newest first and checked each row's stage or source in the table: a page of fifty
-- construction-stage projects read a few hundred rows. These make each such page one index range
-- in id order. Projects are written far less often than their ledgers are read.
CREATE INDEX projects_county_stage ON projects (scope_county, stage, id);
CREATE INDEX projects_prefecture_stage ON projects (scope_prefecture, stage, id);
CREATE INDEX projects_county_source ON projects (scope_county, source_region, id);
CREATE INDEX projects_prefecture_source ON projects (scope_prefecture, source_region, id);
