-- A revision number per organisation, raised by the database itself whenever a row that the
-- executive dashboard is drawn from is inserted, changed or deleted. Pages cached in an app's
-- memory are keyed by it (src/web/page_cache.rs): the number is read with the organisation on
-- every request, so an instance sees another instance's writes (and writes made outside the app)
-- at once, and a cached page can never outlive the data it shows. Triggers rather than code in
-- each store function, so that no write path can forget it.
--
-- A transaction that raises the number holds the organisation's row until it commits, so writes
-- to these tables are serialised per organisation (PostgreSQL; SQLite has one writer anyway).
-- Those transactions are short (a form, a survey response, a report saved in one statement).
--
-- Not counted: answers (the dashboard reads finalised quarters only, which cannot change without
-- their assessment row changing), indicator lists and their import jobs (large, long writes that
-- the dashboard does not read; their overlap report is counted), and the hit counters of survey
-- links (raised by every visit of a survey page).

ALTER TABLE organisations ADD COLUMN data_revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER assessments_insert_revision AFTER INSERT ON assessments BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER assessments_update_revision AFTER UPDATE ON assessments BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER assessments_delete_revision AFTER DELETE ON assessments BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER targets_insert_revision AFTER INSERT ON targets BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM assessments WHERE id = NEW.assessment_id);
END;

CREATE TRIGGER targets_update_revision AFTER UPDATE ON targets BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM assessments WHERE id = NEW.assessment_id);
END;

CREATE TRIGGER targets_delete_revision AFTER DELETE ON targets BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM assessments WHERE id = OLD.assessment_id);
END;

CREATE TRIGGER actions_insert_revision AFTER INSERT ON actions BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER actions_update_revision AFTER UPDATE ON actions BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER actions_delete_revision AFTER DELETE ON actions BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER stakeholder_groups_insert_revision AFTER INSERT ON stakeholder_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER stakeholder_groups_update_revision AFTER UPDATE ON stakeholder_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER stakeholder_groups_delete_revision AFTER DELETE ON stakeholder_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER survey_rounds_insert_revision AFTER INSERT ON survey_rounds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER survey_rounds_update_revision AFTER UPDATE ON survey_rounds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER survey_rounds_delete_revision AFTER DELETE ON survey_rounds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER survey_links_insert_revision AFTER INSERT ON survey_links BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = NEW.round_id);
END;

CREATE TRIGGER survey_links_update_revision AFTER UPDATE OF group_id, single_use, used, revoked ON survey_links BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = NEW.round_id);
END;

CREATE TRIGGER survey_links_delete_revision AFTER DELETE ON survey_links BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = OLD.round_id);
END;

CREATE TRIGGER survey_responses_insert_revision AFTER INSERT ON survey_responses BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = NEW.round_id);
END;

CREATE TRIGGER survey_responses_update_revision AFTER UPDATE ON survey_responses BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = NEW.round_id);
END;

CREATE TRIGGER survey_responses_delete_revision AFTER DELETE ON survey_responses BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = OLD.round_id);
END;

CREATE TRIGGER feeds_insert_revision AFTER INSERT ON feeds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feeds_update_revision AFTER UPDATE ON feeds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feeds_delete_revision AFTER DELETE ON feeds BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER feed_groups_insert_revision AFTER INSERT ON feed_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM feeds WHERE id = NEW.feed_id);
END;

CREATE TRIGGER feed_groups_update_revision AFTER UPDATE ON feed_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM feeds WHERE id = NEW.feed_id);
END;

CREATE TRIGGER feed_groups_delete_revision AFTER DELETE ON feed_groups BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM feeds WHERE id = OLD.feed_id);
END;

CREATE TRIGGER feed_metrics_insert_revision AFTER INSERT ON feed_metrics BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feed_metrics_update_revision AFTER UPDATE ON feed_metrics BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feed_metrics_delete_revision AFTER DELETE ON feed_metrics BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;

CREATE TRIGGER feed_overlap_reports_insert_revision AFTER INSERT ON feed_overlap_reports BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feed_overlap_reports_update_revision AFTER UPDATE ON feed_overlap_reports BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = NEW.organisation_id;
END;

CREATE TRIGGER feed_overlap_reports_delete_revision AFTER DELETE ON feed_overlap_reports BEGIN
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = OLD.organisation_id;
END;
