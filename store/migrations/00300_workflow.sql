-- The workflow service: instances, the task projection, the event log, notifications, document numbers,
-- archive numbers and disclosures. Portable SQL: TEXT, INTEGER/BIGINT, times as BIGINT unix ms (UTC).

-- +goose Up
-- One row per instance: its state as the engine keeps it (JSON) and seq, the version optimistic concurrency
-- checks. The other columns are copies for lists and access checks.
CREATE TABLE wf_instances (
    id           TEXT PRIMARY KEY,
    process      TEXT NOT NULL,
    version      INTEGER NOT NULL,
    process_name TEXT NOT NULL,
    title        TEXT NOT NULL,
    status       TEXT NOT NULL,
    result       TEXT NOT NULL DEFAULT '',
    initiator    TEXT NOT NULL,
    parent       TEXT NOT NULL DEFAULT '',
    started_at   BIGINT NOT NULL,
    ended_at     BIGINT NOT NULL DEFAULT 0,
    due_at       BIGINT NOT NULL DEFAULT 0,
    remind_at    BIGINT NOT NULL DEFAULT 0,
    secrecy      INTEGER NOT NULL DEFAULT 0,
    current      TEXT NOT NULL DEFAULT '',
    seq          BIGINT NOT NULL,
    state        TEXT NOT NULL,
    updated_at   BIGINT NOT NULL
);
-- 我发起的 pages by start time and counts from the index alone.
CREATE INDEX wf_instances_initiator ON wf_instances (initiator, started_at, secrecy) WHERE parent = '';
CREATE INDEX wf_instances_process ON wf_instances (process, started_at);
CREATE INDEX wf_instances_running ON wf_instances (due_at) WHERE status IN ('running', 'suspended');

-- Every task ever created. state: 0 open, 1 done, 2 cancelled. Title and process name are copied so that
-- the inbox needs no join. assignee is '' while a pool is unclaimed (its candidates are in wf_task_pool).
CREATE TABLE wf_tasks (
    id           TEXT PRIMARY KEY,
    instance     TEXT NOT NULL,
    process      TEXT NOT NULL,
    process_name TEXT NOT NULL,
    title        TEXT NOT NULL,
    step         TEXT NOT NULL,
    step_name    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    assignee     TEXT NOT NULL DEFAULT '',
    on_behalf_of TEXT NOT NULL DEFAULT '',
    pool         TEXT NOT NULL DEFAULT '',
    delegated_by TEXT NOT NULL DEFAULT '',
    caused_by    TEXT NOT NULL DEFAULT '',
    reason       TEXT NOT NULL DEFAULT '',
    state        INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    opened_at    BIGINT NOT NULL DEFAULT 0,
    completed_at BIGINT NOT NULL DEFAULT 0,
    due_at       BIGINT NOT NULL DEFAULT 0,
    remind_at    BIGINT NOT NULL DEFAULT 0,
    flags        TEXT NOT NULL DEFAULT '',
    urges        INTEGER NOT NULL DEFAULT 0,
    outcome      TEXT NOT NULL DEFAULT '',
    done_by      TEXT NOT NULL DEFAULT '',
    secrecy      INTEGER NOT NULL DEFAULT 0
);
-- The inbox reads only open tasks: a partial index stays as small as the open work, however many finished
-- tasks the table holds.
CREATE INDEX wf_tasks_open ON wf_tasks (assignee, due_at) WHERE state = 0;
-- 已办 pages by completion time and counts from the index alone (a person's done work grows without end).
CREATE INDEX wf_tasks_done ON wf_tasks (done_by, completed_at, secrecy) WHERE state = 1 AND kind IN ('do', 'approve');
CREATE INDEX wf_tasks_copies ON wf_tasks (assignee, created_at) WHERE kind IN ('cc', 'read');
CREATE INDEX wf_tasks_instance ON wf_tasks (instance);

-- The candidates of open, unclaimed pool tasks ("pools I may claim").
CREATE TABLE wf_task_pool (
    person_id    TEXT NOT NULL,
    task_id      TEXT NOT NULL,
    on_behalf_of TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, task_id)
);
CREATE INDEX wf_task_pool_task ON wf_task_pool (task_id);

-- The event log: one row per engine event. The columns are what process mining reads (case = instance,
-- activity = step_name, lifecycle, unit, person, on_behalf_of, time, opinion, changes); body is the whole
-- event as JSON, from which engine.Replay rebuilds the state.
CREATE TABLE wf_events (
    instance     TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    process      TEXT NOT NULL,
    type         TEXT NOT NULL,
    lifecycle    TEXT NOT NULL DEFAULT '',
    step         TEXT NOT NULL DEFAULT '',
    step_name    TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    person       TEXT NOT NULL DEFAULT '',
    on_behalf_of TEXT NOT NULL DEFAULT '',
    task         TEXT NOT NULL DEFAULT '',
    at           BIGINT NOT NULL,
    opinion      TEXT NOT NULL DEFAULT '',
    outcome      TEXT NOT NULL DEFAULT '',
    changes      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    PRIMARY KEY (instance, seq)
);
CREATE INDEX wf_events_process ON wf_events (process, at);

-- Timers of running instances (reminders, escalations, waits), kept with the state that schedules them.
-- River wakes the service up when they fall due; deleting the row is how a firing claims its timer.
CREATE TABLE wf_timers (
    id       TEXT PRIMARY KEY,
    instance TEXT NOT NULL,
    kind     TEXT NOT NULL,
    task     TEXT NOT NULL DEFAULT '',
    due_at   BIGINT NOT NULL
);
CREATE INDEX wf_timers_due ON wf_timers (due_at);

-- Messages to people: new work, urges, reminders, copies, returns, ends.
CREATE TABLE wf_notifications (
    id         BIGINT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    instance   TEXT NOT NULL DEFAULT '',
    task       TEXT NOT NULL DEFAULT '',
    text       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX wf_notifications_person ON wf_notifications (person_id, created_at);
CREATE INDEX wf_notifications_unread ON wf_notifications (person_id) WHERE read_at = 0;

-- 发文字号: one counter per (机关代字, year), advanced in the transaction that uses the number, so numbers have
-- no gaps and no duplicates; every number issued is kept.
CREATE TABLE wf_doc_counters (
    agency_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    last        INTEGER NOT NULL,
    PRIMARY KEY (agency_code, year)
);
CREATE TABLE wf_doc_numbers (
    number      TEXT PRIMARY KEY,
    agency_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    instance    TEXT NOT NULL,
    title       TEXT NOT NULL,
    issued_at   BIGINT NOT NULL,
    UNIQUE (agency_code, year, seq)
);

-- 档号 (DA/T 22-2015): 全宗号-门类代码·年度-保管期限-机构代码-件号; 件号 runs per fonds, class, year, period
-- and unit without gaps.
CREATE TABLE wf_archive_counters (
    fonds     TEXT NOT NULL,
    class     TEXT NOT NULL,
    year      INTEGER NOT NULL,
    period    TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    last      INTEGER NOT NULL,
    PRIMARY KEY (fonds, class, year, period, unit_code)
);
CREATE TABLE wf_archive (
    archive_no  TEXT PRIMARY KEY,
    fonds       TEXT NOT NULL,
    class       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    period      TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    item        INTEGER NOT NULL,
    items       INTEGER NOT NULL DEFAULT 1,
    instance    TEXT NOT NULL,
    title       TEXT NOT NULL,
    doc_number  TEXT NOT NULL DEFAULT '',
    secrecy     INTEGER NOT NULL DEFAULT 0,
    archived_at BIGINT NOT NULL,
    UNIQUE (fonds, class, year, period, unit_code, item)
);
CREATE INDEX wf_archive_instance ON wf_archive (instance);

-- Records to disclose on the public portal (政务公开), written by the publish action.
CREATE TABLE wf_disclosures (
    id           TEXT PRIMARY KEY,
    instance     TEXT NOT NULL,
    process      TEXT NOT NULL,
    title        TEXT NOT NULL,
    doc_number   TEXT NOT NULL DEFAULT '',
    unit         TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    published_at BIGINT NOT NULL
);
CREATE INDEX wf_disclosures_published ON wf_disclosures (published_at);

-- +goose Down
DROP TABLE wf_disclosures;
DROP TABLE wf_archive;
DROP TABLE wf_archive_counters;
DROP TABLE wf_doc_numbers;
DROP TABLE wf_doc_counters;
DROP TABLE wf_notifications;
DROP TABLE wf_timers;
DROP TABLE wf_events;
DROP TABLE wf_task_pool;
DROP TABLE wf_tasks;
DROP TABLE wf_instances;
