-- Text may arrive decomposed ("o" followed by U+0308, as pasted from macOS), which looks like
-- the composed "ö" but was neither found by search nor by a person's name. The text stays as
-- written; what search and name lookup read is composed (Unicode NFC) on both sides: here for
-- what is stored, in the queries for what readers type. Checking is cheap, composing is not
-- (about 9 and 53 µs for a section like the sample's): only decomposed text is composed.

create function composed(value text) returns text
language sql immutable strict parallel safe
as $$
  select case when value is nfc normalized then value else normalize(value, NFC) end
$$;

create or replace function section_search_text(body jsonb) returns text
language sql immutable parallel safe
as $$
  select composed(coalesce(string_agg(value #>> '{}', ' '), ''))
  from jsonb_path_query(body, 'strict $.** ? (@.type() == "string")') as value
  where (value #>> '{}') !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
$$;

create or replace function fold_german(value text) returns text
language sql immutable strict parallel safe
as $$
  select replace(replace(replace(replace(lower(composed(value)), 'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'ß', 'ss')
$$;

create or replace function article_search_vector(target uuid, title text, teaser text, extras text[]) returns tsvector
language sql stable
as $$
  select setweight(to_tsvector('german', composed(title)), 'A')
      || setweight(to_tsvector('german', composed(coalesce(teaser, ''))), 'B')
      || setweight(coalesce((select tsvector_agg(s.search_vector order by s.position)
                             from sections s where s.article_id = target), ''::tsvector), 'C')
      || setweight(to_tsvector('german', composed(array_to_string(extras, ' '))), 'C')
$$;

-- Only rows holding decomposed text read differently now: those are computed again (an update
-- recomputes a generated column).
update sections set body = body where not (body::text is nfc normalized);
update persons set name = name where not (name is nfc normalized);
update articles a set search_vector = article_search_vector(a.id, a.title, a.teaser, a.extras)
where not (a.title is nfc normalized)
   or not (coalesce(a.teaser, '') is nfc normalized)
   or not (array_to_string(a.extras, ' ') is nfc normalized)
   or exists (select from sections s where s.article_id = a.id and not (s.body::text is nfc normalized));
