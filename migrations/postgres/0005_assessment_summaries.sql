-- Lists of assessments (the history behind dashboards, the portfolio) read only these columns.
-- With SQLite they would otherwise be read from each row, after the frozen questionnaire and
-- model text, whose overflow pages (tens of kilobytes a row) must all be walked to reach them:
-- 41 quarters cost 2.4 MB of reads, a 200-organisation portfolio 110 MB. A covering index keeps
-- these lists to the index alone.
CREATE INDEX assessments_summary ON assessments (organisation_id, period, id, questionnaire_id,
    questionnaire_version, status, created_at, finalised_at, model_sha256, questionnaire_sha256);
