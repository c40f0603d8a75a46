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

ALTER TABLE organisations ADD COLUMN data_revision BIGINT NOT NULL DEFAULT 0;

CREATE FUNCTION raise_revision_by_organisation_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = changed.organisation_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION raise_revision_by_assessment_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM assessments WHERE id = changed.assessment_id);
    RETURN NULL;
END
$$;

CREATE FUNCTION raise_revision_by_round_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM survey_rounds WHERE id = changed.round_id);
    RETURN NULL;
END
$$;

CREATE FUNCTION raise_revision_by_feed_id() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed RECORD;
BEGIN
    IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
    UPDATE organisations SET data_revision = data_revision + 1 WHERE id = (SELECT organisation_id FROM feeds WHERE id = changed.feed_id);
    RETURN NULL;
END
$$;

CREATE TRIGGER assessments_revision AFTER INSERT OR UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER targets_revision AFTER INSERT OR UPDATE OR DELETE ON targets
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_assessment_id();

CREATE TRIGGER actions_revision AFTER INSERT OR UPDATE OR DELETE ON actions
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER stakeholder_groups_revision AFTER INSERT OR UPDATE OR DELETE ON stakeholder_groups
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER survey_rounds_revision AFTER INSERT OR UPDATE OR DELETE ON survey_rounds
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER survey_links_revision
    AFTER INSERT OR UPDATE OF group_id, single_use, used, revoked OR DELETE ON survey_links
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_round_id();

CREATE TRIGGER survey_responses_revision AFTER INSERT OR UPDATE OR DELETE ON survey_responses
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_round_id();

CREATE TRIGGER feeds_revision AFTER INSERT OR UPDATE OR DELETE ON feeds
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER feed_groups_revision AFTER INSERT OR UPDATE OR DELETE ON feed_groups
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_feed_id();

CREATE TRIGGER feed_metrics_revision AFTER INSERT OR UPDATE OR DELETE ON feed_metrics
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();

CREATE TRIGGER feed_overlap_reports_revision AFTER INSERT OR UPDATE OR DELETE ON feed_overlap_reports
    FOR EACH ROW EXECUTE FUNCTION raise_revision_by_organisation_id();
