-- Each response's numeric answers as `item:value,item:value`, written with the response (which
-- never changes afterwards), so that results and trends read one row per response instead of
-- joining every answer: 8 quarters x 6 groups x 50 responses is 2,400 rows, not 20,000.
-- survey_answers stays the record of every answer; this column is a copy for reading.
ALTER TABLE survey_responses ADD COLUMN numbers TEXT;
UPDATE survey_responses s SET numbers = (
    SELECT string_agg(a.item_id || ':' || a.value, ',') FROM survey_answers a
    WHERE a.response_id = s.id AND a.value IS NOT NULL
);
