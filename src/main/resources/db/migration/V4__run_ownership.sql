-- Which instance executes a run, and when it last said it still does. Recovery ends only runs whose
-- owner stopped refreshing the heartbeat, never the live runs of another instance on the same database.
alter table runs add column instance_id varchar(100);
alter table runs add column heartbeat_at timestamp(6) with time zone;
create index ix_runs_status_heartbeat on runs (status, heartbeat_at);
