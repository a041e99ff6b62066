-- An article write stored the article row, then its sections, then updated the row again with
-- the search vector built from the sections' vectors: two versions of the row and two rounds
-- of index entries per write. Now the sections are stored first and the row once, its search
-- vector computed in the same statement; a section may therefore be inserted before its article
-- exists in the same transaction, so their foreign key is checked at commit.
alter table sections alter constraint sections_article_id_fkey deferrable initially deferred;

-- The article's search vector from its fields and its sections' stored vectors (which each
-- section computed when it was stored). Concatenating vectors shifts each one's positions after
-- the ones before, as joining the texts would.
create function article_search_vector(target uuid, title text, teaser text, extras text[]) returns tsvector
language sql stable
as $$
  select setweight(to_tsvector('german', title), 'A')
      || setweight(to_tsvector('german', coalesce(teaser, '')), 'B')
      || setweight(coalesce((select tsvector_agg(s.search_vector order by s.position)
                             from sections s where s.article_id = target), ''::tsvector), 'C')
      || setweight(to_tsvector('german', array_to_string(extras, ' ')), 'C')
$$;

create or replace function refresh_article_search(target uuid) returns void
language sql
as $$
  update articles a set search_vector = article_search_vector(a.id, a.title, a.teaser, a.extras) where a.id = target
$$;
