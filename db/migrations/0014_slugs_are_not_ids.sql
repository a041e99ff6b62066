-- A slug in the form of a UUID would be read as an id: /v1/articles/{that slug} named another
-- article, or none. From now on a slug must not have that form (the API refuses it with a 400,
-- generated slugs never take it). A slug stored in that form before gets a suffix from its own
-- id, and the article's stored bytes are forgotten (rebuilt with the new slug on the next read).
create or replace function is_slug(value text) returns boolean
language sql immutable strict parallel safe
as $$ select value ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(value) <= 200
             and value !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' $$;

update persons set slug = slug || '-' || left(md5(id::text), 8)
where slug ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

update articles set slug = slug || '-' || left(md5(id::text), 8), representation = null, live_representation = null
where slug ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
