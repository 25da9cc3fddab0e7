-- Idempotency keys of API commands: a retried request with the same key gets the first answer again.

-- +goose Up
CREATE TABLE idempotency_keys (
    person_id  TEXT NOT NULL,
    key        TEXT NOT NULL,
    route      TEXT NOT NULL,
    status     INTEGER NOT NULL DEFAULT 0,
    body       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- +goose Down
DROP TABLE idempotency_keys;
