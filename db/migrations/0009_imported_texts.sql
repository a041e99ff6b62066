-- Texts brought in by the import-ozd-text command, by the SHA-256 of their bytes: a run that is
-- interrupted, or repeated over the same archive, skips what is already here. The row is written
-- in the transaction that creates the draft, so a text is recorded exactly when its draft exists.
-- Deleting the draft later keeps the record: a re-run does not bring back what an editor removed.
create table imported_texts (
    content_hash bytea       primary key check (length(content_hash) = 32),
    article_id   uuid        references articles (id) on delete set null,
    source       text        not null check (length(source) <= 1000),
    imported_at  timestamptz not null default now()
);
