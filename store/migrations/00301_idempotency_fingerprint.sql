-- The fingerprint of the request a workflow command's idempotency key was first used for: the same key
-- with a different request is refused instead of answered with the first request's result. Empty for
-- records that carry none (the web layer's).

-- +goose Up
ALTER TABLE idempotency_keys ADD COLUMN fingerprint TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE idempotency_keys DROP COLUMN fingerprint;
