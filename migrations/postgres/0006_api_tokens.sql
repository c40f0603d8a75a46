-- API tokens: a user's bearer tokens for /api/v1. Only the SHA-256 of a token is kept (a token is
-- 32 random bytes, so a fast hash is enough: there is nothing to guess); the token itself is shown
-- once, when it is created. A revoked token keeps its row, so that the list says when it stopped.
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ
);
CREATE INDEX api_tokens_by_user ON api_tokens(user_id);
