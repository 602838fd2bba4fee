-- Working-day calendar: the State Council's yearly schedules of public holidays and
-- adjusted working days (调休). Seeded from the embedded reference data on first start and
-- edited by administrators when the next year's notice is published; every change is
-- audited with the year's schedule before and after.

CREATE TABLE calendar_years (
    year BIGINT PRIMARY KEY,
    -- 1 when the schedule of this year is complete; 0 while it is being entered.
    published BIGINT NOT NULL,
    -- Where the schedule comes from (the notice's title and number).
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE calendar_days (
    day TEXT PRIMARY KEY,
    -- 'holiday' (a day off) or 'workday' (a make-up working day).
    kind TEXT NOT NULL,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    -- The notice that lists the day; 2018-12-29..31 belong to the 2019 notice.
    notice_year BIGINT NOT NULL REFERENCES calendar_years (year)
);
CREATE INDEX calendar_days_year ON calendar_days (notice_year, day);
