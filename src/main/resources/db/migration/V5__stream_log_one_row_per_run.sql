-- The redacted stream log becomes one row per run: V2 wrote one stream_log_events row per event at
-- every run's end (10,000 inserts for a 10,000-token answer). Plain SQL that runs unchanged on H2 and
-- PostgreSQL; long text is varchar(1000000) as in V1.
--
-- stream_logs.events holds the whole log as NDJSON, one JSON array per event:
--   [seq, "type", "node" or null, offsetMs, payload]
-- The payload is a token's redacted text (a string) or the event's redacted data (an object; token
-- events moved here keep their data object {"node", "text"}, which reads back the same).
-- A log longer than one varchar(1000000) value goes on in stream_log_pages, page 2 onwards; the
-- pages concatenated in order are the log, and stream_logs.event_pages says how many there are.

alter table stream_logs add column events varchar(1000000);
alter table stream_logs add column event_pages integer default 1 not null;

create table stream_log_pages (
    run_id uuid             not null references stream_logs (run_id) on delete cascade,
    page   integer          not null,
    events varchar(1000000) not null,
    primary key (run_id, page)
);

-- 1. Logs that fit in one value (nearly all: the bound adds the most a line can add to its data,
--    with a 19-digit seq and offset and every character of the node escaped).
update stream_logs set events = (
        select string_agg('[' || cast(e.seq as varchar(20)) || ',"' || e.type || '",'
                || coalesce('"' || replace(replace(e.node, '\', '\\'), '"', '\"') || '"', 'null') || ','
                || cast(e.offset_ms as varchar(20)) || ',' || e.data || ']', chr(10) order by e.seq)
        from stream_log_events e where e.run_id = stream_logs.run_id)
    where (select sum(length(e.data) + 60 + 2 * coalesce(length(e.node), 2))
           from stream_log_events e where e.run_id = stream_logs.run_id) <= 1000000;

-- 2. Longer logs: two pages per event, its line (at most 1,000,260 characters, since data was at most
--    1,000,000) cut in half, so that every page fits whatever the data's length.
insert into stream_log_pages (run_id, page, events)
    select run_id, 2 * event_no, substring(line from 1 for 500000) from (
        select e.run_id, row_number() over (partition by e.run_id order by e.seq) as event_no,
            '[' || cast(e.seq as varchar(20)) || ',"' || e.type || '",'
                || coalesce('"' || replace(replace(e.node, '\', '\\'), '"', '\"') || '"', 'null') || ','
                || cast(e.offset_ms as varchar(20)) || ',' || e.data || ']' || chr(10) as line
        from stream_log_events e join stream_logs l on l.run_id = e.run_id
        where l.events is null) numbered;

insert into stream_log_pages (run_id, page, events)
    select run_id, 2 * event_no + 1, substring(line from 500001) from (
        select e.run_id, row_number() over (partition by e.run_id order by e.seq) as event_no,
            '[' || cast(e.seq as varchar(20)) || ',"' || e.type || '",'
                || coalesce('"' || replace(replace(e.node, '\', '\\'), '"', '\"') || '"', 'null') || ','
                || cast(e.offset_ms as varchar(20)) || ',' || e.data || ']' || chr(10) as line
        from stream_log_events e join stream_logs l on l.run_id = e.run_id
        where l.events is null) numbered
    where length(line) > 500000;

update stream_logs set event_pages = 1 + (select count(*) from stream_log_pages p where p.run_id = stream_logs.run_id)
    where events is null;

-- 3. The first page of a longer log is empty, and so is a log without events.
update stream_logs set events = '' where events is null;

alter table stream_logs alter column events set not null;

drop table stream_log_events;
