-- Facts only: no business rule lives in the schema beyond integrity.
-- Timestamps are TIMESTAMPTZ; ids are identity columns.

CREATE TABLE organisations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_site_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor', 'viewer')),
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

-- Session tokens and one-time tokens are stored as SHA-256 hashes: a copy of the database
-- does not let anyone log in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    current_organisation_id BIGINT REFERENCES organisations(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    accepted_at TIMESTAMPTZ
);
CREATE INDEX invitations_by_organisation ON invitations(organisation_id);

CREATE TABLE login_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures(email, failed_at);

-- An assessment keeps the exact questionnaire and model it is answered against, so that editing
-- the files never changes a finalised quarter.
CREATE TABLE assessments (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    questionnaire_yaml TEXT NOT NULL,
    questionnaire_sha256 TEXT NOT NULL,
    model_yaml TEXT NOT NULL,
    model_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
    started_from_id BIGINT REFERENCES assessments(id) ON DELETE SET NULL,
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    finalised_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    finalised_at TIMESTAMPTZ,
    UNIQUE (organisation_id, period, questionnaire_id)
);

CREATE TABLE answers (
    assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value BIGINT,
    not_applicable BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    needs_review BOOLEAN NOT NULL DEFAULT FALSE,
    revision BIGINT NOT NULL,
    answered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    answered_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
);

CREATE TABLE targets (
    assessment_id BIGINT NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    scope_id TEXT NOT NULL,
    level BIGINT NOT NULL,
    set_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    set_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (assessment_id, scope_id)
);

CREATE TABLE actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    assessment_id BIGINT REFERENCES assessments(id) ON DELETE SET NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('section', 'capability', 'question')),
    scope_id TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    impact BIGINT NOT NULL CHECK (impact BETWEEN 1 AND 3),
    effort BIGINT NOT NULL CHECK (effort BETWEEN 1 AND 3),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX actions_by_organisation ON actions(organisation_id);

CREATE TABLE audit_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT REFERENCES organisations(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor_email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_events_by_organisation ON audit_events(organisation_id, created_at);
