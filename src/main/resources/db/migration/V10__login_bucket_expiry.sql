-- When a login-throttle bucket (PostgreSQL only; unused with H2) is full again and its row can go:
-- Bucket4j writes it (epoch milliseconds) with each failure, LoginThrottle.purgeExpired removes the
-- expired rows. Rows from before this column get a day, longer than any default throttle period.
alter table login_buckets add column expires_at bigint;
update login_buckets set expires_at = cast(extract(epoch from current_timestamp) * 1000 as bigint) + 86400000;
