-- The foundation: settings, organisation, accounts and sessions, audit trail.
-- Portable SQL for SQLite and PostgreSQL: TEXT, INTEGER/BIGINT, times as BIGINT unix milliseconds (UTC).

-- +goose Up
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE units (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    parent_id  TEXT REFERENCES units (id),
    head_id    TEXT NOT NULL DEFAULT '',
    sort       INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE posts (
    name TEXT PRIMARY KEY,
    sort INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    unit_id    TEXT NOT NULL REFERENCES units (id),
    post       TEXT NOT NULL,
    clearance  INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX people_unit ON people (unit_id, post);

CREATE TABLE person_roles (
    person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    role      TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);

-- 分管: an office leader is in charge of units.
CREATE TABLE oversight (
    leader_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    unit_id   TEXT NOT NULL REFERENCES units (id) ON DELETE CASCADE,
    PRIMARY KEY (leader_id, unit_id)
);
CREATE INDEX oversight_unit ON oversight (unit_id);

-- 代理: acting_id does person_id's work in [from_at, to_at).
CREATE TABLE delegations (
    id         TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    acting_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    from_at    BIGINT NOT NULL,
    to_at      BIGINT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX delegations_person ON delegations (person_id, to_at);

CREATE TABLE accounts (
    person_id           TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    password_hash       TEXT NOT NULL,
    must_change         INTEGER NOT NULL DEFAULT 1,
    failed_count        INTEGER NOT NULL DEFAULT 0,
    last_failed_at      BIGINT NOT NULL DEFAULT 0,
    locked_until        BIGINT NOT NULL DEFAULT 0,
    password_changed_at BIGINT NOT NULL DEFAULT 0
);

-- Sessions keep only the hash of the token the browser holds.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    person_id    TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- The audit trail: append-only; hash = SM3(prev_hash || canonical content).
CREATE TABLE audit_log (
    seq       BIGINT PRIMARY KEY,
    at        BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    object    TEXT NOT NULL,
    detail    TEXT NOT NULL,
    ip        TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- One row: the last record's seq and hash, so deleting the newest record is detected too.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE accounts;
DROP TABLE delegations;
DROP TABLE oversight;
DROP TABLE person_roles;
DROP TABLE people;
DROP TABLE posts;
DROP TABLE units;
DROP TABLE settings;
