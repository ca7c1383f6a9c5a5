-- The run's trace (OpenTelemetry trace id, 32 hex digits), shown on the admin run view.
alter table runs add column trace_id varchar(32);
