-- Sections an organisation marked not relevant in one assessment (CTI-CMM's "domain not in use").
-- Kept per assessment, like targets, so a final quarter keeps the choice it was scored with.
CREATE TABLE not_relevant_sections (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    section_id TEXT NOT NULL,
    marked_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    marked_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, section_id)
);
