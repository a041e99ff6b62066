-- A person's rename made every article that mentions them a new row version (its stored bytes
-- set to null): 20–45 ms for a person in 88 articles, under the rename's locks. Now the rename
-- only notes which articles' bytes are stale; readers treat a noted article like one whose
-- bytes are missing and rebuild it once (ArticleRepresentations), which removes the note.
--
-- The foreign key is what keeps a rename and a rebuild of the same article in order: its check
-- takes a key-share lock on the article row, so a rename waits for a rebuild (or an article
-- write) that holds the row, and its note is never removed by a rebuild that read the old name.
create table article_representation_stale (
    article_id uuid primary key references articles (id) on delete cascade
);

create or replace function forget_representation_of_mentions() returns trigger
language plpgsql
as $$
begin
  insert into article_representation_stale (article_id)
  select article_id from article_persons where person_id = new.id
  on conflict do nothing;
  -- The article rows do not change, so their own trigger does not tell the instances.
  perform pg_notify('ozd_changes', 'article:' || article_id::text)
  from article_persons where person_id = new.id;
  return null;
end
$$;
