-- Intelligence feeds: the register, per-period metrics, indicator lists and their overlap.
--
-- What is kept of an uploaded indicator list: never its text. A list is kept as the sorted 128-bit
-- fingerprints of its normalised values (16 bytes each), and only for the two latest periods of
-- each feed (what novelty, churn and the overlap with lists uploaded later need); older lists keep
-- their counts and figures, their fingerprints are set to NULL. See README "Feed value".

CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('commercial', 'open_source', 'sharing_community', 'government', 'internal')),
    category TEXT NOT NULL DEFAULT '',
    annual_cost REAL CHECK (annual_cost IS NULL OR annual_cost >= 0),
    currency TEXT NOT NULL DEFAULT '',
    renewal_date TEXT,
    owner TEXT NOT NULL DEFAULT '',
    -- The priority intelligence requirements the feed serves, as the team writes them.
    pirs TEXT NOT NULL DEFAULT '',
    -- Feeds are retired, never deleted, so that past periods keep them.
    retired BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

-- The stakeholder groups a feed serves.
CREATE TABLE feed_groups (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES stakeholder_groups(id) ON DELETE CASCADE,
    PRIMARY KEY (feed_id, group_id)
);

-- One row per feed and period (`2026-Q3` or `2026-07`), entered by hand or imported from CSV.
CREATE TABLE feed_metrics (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    received INTEGER NOT NULL CHECK (received >= 0),
    actioned INTEGER NOT NULL CHECK (actioned >= 0),
    detections INTEGER NOT NULL CHECK (detections >= 0),
    false_positives INTEGER NOT NULL CHECK (false_positives >= 0),
    median_lead_time_hours REAL,
    relevance INTEGER CHECK (relevance IS NULL OR relevance BETWEEN 1 AND 5),
    analyst_hours REAL CHECK (analyst_hours IS NULL OR analyst_hours >= 0),
    updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (feed_id, period)
);
CREATE INDEX feed_metrics_by_period ON feed_metrics(organisation_id, period);

CREATE TABLE feed_indicator_lists (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    format TEXT NOT NULL,
    values_read INTEGER NOT NULL,
    volume INTEGER NOT NULL,
    fingerprints BLOB,
    uploaded_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    uploaded_at TEXT NOT NULL,
    UNIQUE (feed_id, period)
);
CREATE INDEX feed_indicator_lists_by_period ON feed_indicator_lists(organisation_id, period);

-- The overlap report (metrics::overlap::OverlapReport as JSON) of every feed with a list in the
-- period, recomputed whenever one of the period's lists changes.
CREATE TABLE feed_overlap_reports (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    report TEXT NOT NULL,
    computed_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, period)
);

-- Indicator list uploads are read in the background; any instance shows their progress.
CREATE TABLE feed_list_jobs (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    stage TEXT NOT NULL,
    values_read INTEGER NOT NULL DEFAULT 0,
    -- 0 to 1 while reading, when the format lets the reader tell.
    fraction REAL,
    message TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
