-- Stakeholder satisfaction surveys: groups, quarterly rounds, their links, and anonymous responses.
--
-- Privacy: a response row holds the round, the group and the answers, nothing else: no IP
-- address, user agent, time or link. Single-use links record only that they were used (not when),
-- so that the order in which links were used cannot be matched to the order of responses.

CREATE TABLE stakeholder_groups (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position BIGINT NOT NULL DEFAULT 0,
    -- Groups are archived, never deleted, so that past rounds keep their groups.
    archived BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    UNIQUE (organisation_id, name)
);

-- A round keeps the exact survey it was sent with (YAML and hash), like an assessment.
CREATE TABLE survey_rounds (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id BIGINT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    survey_id TEXT NOT NULL,
    survey_version TEXT NOT NULL,
    survey_yaml TEXT NOT NULL,
    survey_sha256 TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    min_responses BIGINT NOT NULL DEFAULT 3 CHECK (min_responses >= 1),
    created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    UNIQUE (organisation_id, period, survey_id)
);

-- Group links (single_use = 0: anyone in the group may answer, several times) and recipient
-- links (single_use = 1: one response each; their number gives the response rate). Tokens are
-- stored as SHA-256 hashes. window_start/window_hits count submissions per link for rate limiting.
CREATE TABLE survey_links (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES stakeholder_groups(id),
    token_hash TEXT NOT NULL UNIQUE,
    single_use BOOLEAN NOT NULL,
    used BOOLEAN NOT NULL DEFAULT FALSE,
    revoked BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    window_start BIGINT NOT NULL DEFAULT 0,
    window_hits BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX survey_links_by_round ON survey_links(round_id, group_id);

CREATE TABLE survey_responses (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id BIGINT NOT NULL REFERENCES survey_rounds(id) ON DELETE CASCADE,
    group_id BIGINT NOT NULL REFERENCES stakeholder_groups(id),
    via_single_use BOOLEAN NOT NULL
);
CREATE INDEX survey_responses_by_round ON survey_responses(round_id, group_id);

-- value: 1-5 for rating items, 0-10 for recommend, 2/1/0 (yes/partly/no) for usage.
-- text: free-text answers and usage reasons, shown to managers only.
CREATE TABLE survey_answers (
    response_id BIGINT NOT NULL REFERENCES survey_responses(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    value BIGINT,
    text TEXT,
    PRIMARY KEY (response_id, item_id)
);
