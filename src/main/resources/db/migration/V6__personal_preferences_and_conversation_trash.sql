-- Choices a person makes in the browser UI, remembered across sessions and devices: the colour scheme
-- (light/dark) and how answers arrive while they stream. One row per person, written only on a change.
create table personal_preferences (
    user_id    bigint       primary key references users (id) on delete cascade,
    theme      varchar(16),
    streaming  varchar(16),
    updated_at timestamp(6) with time zone not null
);

-- A conversation deleted in the UI is first put aside (deleted_at set) so that the person can undo it
-- for a few seconds; ConversationTrash removes it for good a minute later. Lists, look-ups and the API
-- treat a conversation put aside as gone.
alter table conversations add column deleted_at timestamp(6) with time zone;
create index ix_conversations_deleted on conversations (deleted_at);
