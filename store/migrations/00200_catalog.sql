-- The living process catalog: every process with its versions 1..n (draft → published → retired).
-- A version keeps the YAML as people wrote it; the columns beside it are extracted for lists and search.

-- +goose Up
-- One row per process: what the catalog's lists show (the published version, else the latest) and which
-- version is published, so that looking it up is one primary-key read on every server.
CREATE TABLE catalog_processes (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    owner        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    time_limit   TEXT NOT NULL,
    steps        INTEGER NOT NULL,
    search       TEXT NOT NULL,
    shown        INTEGER NOT NULL,
    published    INTEGER NOT NULL DEFAULT 0,
    draft        INTEGER NOT NULL DEFAULT 0,
    latest       INTEGER NOT NULL DEFAULT 0,
    published_at BIGINT NOT NULL DEFAULT 0,
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX catalog_processes_category ON catalog_processes (category, id);
CREATE INDEX catalog_processes_owner ON catalog_processes (owner);

CREATE TABLE catalog_versions (
    process_id   TEXT NOT NULL REFERENCES catalog_processes (id),
    version      INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('draft', 'published', 'retired')),
    revision     INTEGER NOT NULL DEFAULT 1,
    name         TEXT NOT NULL,
    category     TEXT NOT NULL,
    owner        TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    source       TEXT NOT NULL,
    findings     TEXT NOT NULL,
    errors       INTEGER NOT NULL DEFAULT 0,
    warnings     INTEGER NOT NULL DEFAULT 0,
    note         TEXT NOT NULL DEFAULT '',
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    published_by TEXT NOT NULL DEFAULT '',
    published_at BIGINT NOT NULL DEFAULT 0,
    retired_by   TEXT NOT NULL DEFAULT '',
    retired_at   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (process_id, version)
);
-- At most one published version and one open draft per process, whatever the application does.
CREATE UNIQUE INDEX catalog_versions_published ON catalog_versions (process_id) WHERE state = 'published';
CREATE UNIQUE INDEX catalog_versions_draft ON catalog_versions (process_id) WHERE state = 'draft';

-- +goose Down
DROP TABLE catalog_versions;
DROP TABLE catalog_processes;
