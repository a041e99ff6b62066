-- A person's rename notified each article naming them on its own: hundreds of notifications per
-- rename, each taken by every instance on its own (its lock on the article cache, a sweep of the
-- micro-cache). In the benchmark's write mix that was most of the service's CPU. Now a rename
-- names those articles 200 to a notification ("article:<id>,<id>,…", under the 8,000 bytes a
-- payload may hold), and an instance evicts each notification's articles as one batch.
create or replace function forget_representation_of_mentions() returns trigger
language plpgsql
as $$
begin
  insert into article_representation_stale (article_id)
  select article_id from article_persons where person_id = new.id
  on conflict (article_id) do update set token = excluded.token;
  -- The article rows do not change, so their own trigger does not tell the instances.
  perform pg_notify('ozd_changes', 'article:' || string_agg(m.article_id::text, ','))
  from (select article_id, (row_number() over (order by article_id) - 1) / 200 as chunk
        from article_persons where person_id = new.id) m
  group by m.chunk;
  return null;
end
$$;
