-- Facts only: no business rule lives in the schema beyond integrity.
-- Timestamps are RFC 3339 text in UTC; booleans are 0/1.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_site_admin BOOLEAN NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);

CREATE TABLE memberships (
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor', 'viewer')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_by_user ON memberships(user_id);

-- Session tokens and one-time tokens are stored as SHA-256 hashes: a copy of the database
-- does not let anyone log in.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    current_organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions(user_id);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'assessor', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT
);
CREATE INDEX invitations_by_organisation ON invitations(organisation_id);

CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX login_failures_by_email ON login_failures(email, failed_at);

-- An assessment keeps the exact questionnaire and model it is answered against, so that editing
-- the files never changes a finalised quarter.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    questionnaire_id TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    questionnaire_yaml TEXT NOT NULL,
    questionnaire_sha256 TEXT NOT NULL,
    model_yaml TEXT NOT NULL,
    model_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'final')),
    started_from_id INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    finalised_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    finalised_at TEXT,
    UNIQUE (organisation_id, period, questionnaire_id)
);

CREATE TABLE answers (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    value INTEGER,
    not_applicable BOOLEAN NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    evidence TEXT NOT NULL DEFAULT '',
    needs_review BOOLEAN NOT NULL DEFAULT 0,
    revision INTEGER NOT NULL,
    answered_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, question_id)
);

CREATE TABLE targets (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    scope_id TEXT NOT NULL,
    level INTEGER NOT NULL,
    set_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (assessment_id, scope_id)
);

CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    assessment_id INTEGER REFERENCES assessments(id) ON DELETE SET NULL,
    scope_kind TEXT NOT NULL CHECK (scope_kind IN ('section', 'capability', 'question')),
    scope_id TEXT NOT NULL,
    title TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    impact INTEGER NOT NULL CHECK (impact BETWEEN 1 AND 3),
    effort INTEGER NOT NULL CHECK (effort BETWEEN 1 AND 3),
    status TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX actions_by_organisation ON actions(organisation_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
    actor_email TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX audit_events_by_organisation ON audit_events(organisation_id, created_at);
