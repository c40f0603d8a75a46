-- The portfolio counts the questions answered (or marked N/A) of every draft of every
-- organisation of a consultant in one query. Without this index SQLite reads each answer's row,
-- notes and evidence included, to test two columns: for 200 drafts that is more than its page
-- cache holds (about 2.3 MB), so every load read them again from the file. The partial index
-- holds exactly the rows counted, so the count reads the index alone.
CREATE INDEX answers_given ON answers (assessment_id) WHERE value IS NOT NULL OR not_applicable;
