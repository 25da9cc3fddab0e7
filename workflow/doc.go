// Package workflow is the service around the pure engine: it keeps instances, their events and the task
// projection in the database, runs every command in one transaction with optimistic concurrency, groups
// concurrent commands into one commit, performs the actions and child processes a command asks for, keeps
// timers durable (with River), and answers the lists and pages people work from (待办, 已办, 抄送, 我发起的).
//
// A command (Start, Do, a timer firing) runs in two parts. Outside the serialised section it reads the
// instance (from a cache of recent states, else the database), applies the engine and encodes the rows it
// will write. A writer then runs it inside one transaction with the other commands queued meanwhile (group
// commit): the idempotency check, the instance row written only if its seq is still the one read (else the
// command runs again on a fresh read, and the engine refuses what is no longer possible: 该任务已被处理),
// the actions and child instances the result asks for (each applied back through the engine, until nothing
// immediate is left), the events, the task projection, the timers, the notifications, the audit record and
// the idempotency record. One commit, then every caller gets its answer. A command that fails inside the
// writer rolls the transaction back; the others run again without it.
//
// Tables (store/migrations/00300_workflow.sql): wf_instances (state JSON and seq), wf_tasks (every task ever,
// with a partial index on open work), wf_task_pool (who may claim an unclaimed pool task), wf_events (the
// log: process-mining columns and the engine event as JSON, which engine.Replay rebuilds the state from),
// wf_timers, wf_notifications, wf_doc_counters/wf_doc_numbers (发文字号), wf_archive_counters/wf_archive (档号),
// wf_disclosures (政务公开), wf_unique (一文一单: the instance holding each key of a process's unique fields).
// Idempotency records share the web layer's idempotency_keys table, with the
// request's fingerprint (00301): the same key with a different request is refused, not answered.
//
// Before the engine sees a form, its unit and person fields are checked against the organisation (a unit by
// name, or by id, stored by name; a person by account, at work): the engine would otherwise route work for
// an unknown unit to a fallback and drop an unknown person without a word.
//
// The actions auto steps name: assign_doc_number (机关代字 from the doc_word field or the setting
// workflow.doc_word), archive (全宗号 from workflow.archive.fonds, default Z001; 机构代码 the unit id in
// capitals or workflow.archive.units; 保管期限 from a retention field, workflow.archive.period, else D30),
// publish and notify. Any other action holds its token with a reason for an administrator (InstanceView.Held
// lists such tokens; 重试 or 调度 name them).
package workflow
