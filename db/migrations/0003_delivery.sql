-- Full-text search (PostgreSQL's german configuration), person name search, and the order
-- in which delta sync reads the change log.

-- The human text of a section body: every string except ids (glossary personId).
create function section_search_text(body jsonb) returns text
language sql immutable parallel safe
as $$
  select coalesce(string_agg(value #>> '{}', ' '), '')
  from jsonb_path_query(body, 'strict $.** ? (@.type() == "string")') as value
  where (value #>> '{}') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
$$;

alter table sections
    add column search_vector tsvector
    generated always as (to_tsvector('german', section_search_text(body))) stored;

-- Title weighs most, then the teaser, then sections and OZD-Extras. Kept current by every
-- article write (ArticleEdits), in the same transaction.
alter table articles add column search_vector tsvector not null default ''::tsvector;

create function refresh_article_search(target uuid) returns void
language sql
as $$
  update articles a
  set search_vector =
        setweight(to_tsvector('german', a.title), 'A')
     || setweight(to_tsvector('german', coalesce(a.teaser, '')), 'B')
     || setweight(to_tsvector('german', concat_ws(' ',
            (select string_agg(section_search_text(s.body), ' ' order by s.position) from sections s where s.article_id = a.id),
            array_to_string(a.extras, ' '))), 'C')
  where a.id = target
$$;

select refresh_article_search(id) from articles;

create index articles_search on articles using gin (search_vector);

-- Names folded for search: lowercase, ä→ae, ö→oe, ü→ue, ß→ss, as slugs are made.
create function fold_german(value text) returns text
language sql immutable strict parallel safe
as $$
  select replace(replace(replace(replace(lower(value), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')
$$;

alter table persons add column search_name text generated always as (fold_german(name)) stored;

-- Delta sync reads changes by when they take effect, then by commit order.
create index content_changes_feed on content_changes (visible_from, seq);
