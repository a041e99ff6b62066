-- What an article write costs the database.

-- The stored bytes are read far more often than written, and kept as they are: no compression to
-- undo on every read that misses the service's cache.
alter table articles alter column representation set storage external;
alter table articles alter column live_representation set storage external;

-- The article's search vector is built from its sections' vectors, which the sections already
-- computed when they were stored, instead of parsing all of the article's text a second time.
-- Concatenating vectors shifts the positions of each one after the others, as joining the texts would.
create aggregate tsvector_agg(tsvector) (sfunc = tsvector_concat, stype = tsvector, initcond = '');

create or replace function refresh_article_search(target uuid) returns void
language sql
as $$
  update articles a
  set search_vector =
        setweight(to_tsvector('german', a.title), 'A')
     || setweight(to_tsvector('german', coalesce(a.teaser, '')), 'B')
     || setweight(coalesce((select tsvector_agg(s.search_vector order by s.position)
                            from sections s where s.article_id = a.id), ''::tsvector), 'C')
     || setweight(to_tsvector('german', array_to_string(a.extras, ' ')), 'C')
  where a.id = target
$$;
