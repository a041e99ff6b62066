-- A rename's stale notes and the readers that rebuild those articles were kept in order by row
-- locks: the note's foreign key takes a key-share lock on the article row until the rename
-- commits, and a rebuild took the row "for update", which conflicts with it. Under a stream of
-- renames that made a convoy: a reader waited for a rename's ~600 key-share locks, and the next
-- rename's key-share on that row queued behind the waiting reader while holding its own ~600
-- (the benchmark's write mix: a rename's update took up to 8 s). It also missed a case: a rename
-- that finds the note already there (on conflict do nothing) inserts nothing, takes no lock, and
-- a rebuild that had read the old name then deleted that note.
--
-- Now every note carries a token, new at every rename that notes the article again; a rebuild
-- reads the tokens before it reads the article, and deletes only a note whose token it read. A
-- rename after that read leaves a note behind (a new one, or the old one with a new token), so
-- the article is rebuilt again. Rebuilds lock the row "for no key update": still exclusive
-- against other rebuilds and against article writes, no longer against renames' key-share locks.
create sequence article_representation_stale_token;

alter table article_representation_stale
    add column token bigint not null default nextval('article_representation_stale_token');

create or replace function forget_representation_of_mentions() returns trigger
language plpgsql
as $$
begin
  insert into article_representation_stale (article_id)
  select article_id from article_persons where person_id = new.id
  on conflict (article_id) do update set token = excluded.token;
  -- The article rows do not change, so their own trigger does not tell the instances.
  perform pg_notify('ozd_changes', 'article:' || article_id::text)
  from article_persons where person_id = new.id;
  return null;
end
$$;
