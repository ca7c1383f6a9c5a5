-- Several instances on one database (PostgreSQL). Plain SQL that runs unchanged on H2 and PostgreSQL.
--
-- runs.active_conversation_id is the conversation while the run is running and null once it ended, so
-- the database itself allows one running answer per conversation, whichever instance starts it (both
-- databases let a unique column hold many nulls). Set only where instances share the database.
alter table runs add column active_conversation_id uuid;
alter table runs add constraint uk_runs_active_conversation unique (active_conversation_id);

-- A run's events for the instances that follow it from elsewhere: its owner writes what is new in
-- batches (one row per batch, never per token) while another instance follows the run, and NOTIFYs
-- the run id and last_seq. events is NDJSON, one JSON array per event: [seq, "type", node, offsetMs,
-- text, data]. Rows go with their run, or an hour after it ended. Unused with H2 (one instance).
create table run_event_batches (
    run_id   uuid             not null references runs (id) on delete cascade,
    last_seq bigint           not null,
    events   varchar(1000000) not null,
    primary key (run_id, last_seq)
);

-- The login throttle's Bucket4j buckets where several instances share the database (PostgreSQL); one
-- row per account, address or pair with failed logins, written only on a failure. Unused with H2.
create table login_buckets (
    id    varchar(400) primary key,
    state bytea
);
