-- The redacted stream log of each run, written once when the run ends (never per token).
-- Plain SQL that runs unchanged on H2 and PostgreSQL; long text is varchar(1000000) as in V1.

create table stream_logs (
    run_id      uuid         primary key references runs (id) on delete cascade,
    status      varchar(16)  not null,
    ended_at    timestamp(6) with time zone not null,
    event_count integer      not null,
    redactions  integer      not null
);
create index ix_stream_logs_ended on stream_logs (ended_at);

-- One row per event, in order: seq from 1, offset in ms since the run started, JSON payload (redacted).
create table stream_log_events (
    run_id    uuid          not null references stream_logs (run_id) on delete cascade,
    seq       bigint        not null,
    type      varchar(8)    not null,
    node      varchar(100),
    offset_ms bigint        not null,
    data      varchar(1000000) not null,
    primary key (run_id, seq)
);
