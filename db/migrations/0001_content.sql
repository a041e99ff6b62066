-- Persons, articles, their typed sections and the people an article mentions.
-- Every rule the API validates is also a constraint here, so no writer can store what
-- a reader could not render.

create function is_slug(value text) returns boolean
language sql immutable strict parallel safe
as $$ select value ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(value) <= 200 $$;

create function is_non_empty_array(value jsonb) returns boolean
language sql immutable parallel safe
as $$ select case when jsonb_typeof(value) = 'array' then jsonb_array_length(value) > 0 else false end $$;

create function is_text(value jsonb) returns boolean
language sql immutable parallel safe
as $$ select coalesce(jsonb_typeof(value) = 'string', false) $$;

-- The minimal shape of each section type's body; the API validates the rest before writing.
create function is_section_body(section_type text, body jsonb) returns boolean
language sql immutable parallel safe
as $$
  select jsonb_typeof(body) = 'object'
     and not (body ?| array['id', 'type', 'position'])
     and case section_type
           when 'report'     then is_non_empty_array(body -> 'paragraphs')
           when 'commentary' then is_text(body -> 'label') and is_text(body -> 'title')
                                  and is_non_empty_array(body -> 'paragraphs')
           when 'infobox'    then is_text(body -> 'title') and is_non_empty_array(body -> 'items')
           when 'analysis'   then is_text(body -> 'title') and is_non_empty_array(body -> 'groups')
           when 'glossary'   then is_non_empty_array(body -> 'entries')
           else false
         end
$$;

create table persons (
    id          uuid        primary key,
    slug        text        not null constraint persons_slug_key unique
                            constraint persons_slug_format check (is_slug(slug)),
    name        text        not null check (length(name) between 1 and 200),
    description text        check (length(description) <= 1000),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     integer     not null default 1 check (version >= 1)
);

create table articles (
    id           uuid        primary key,
    slug         text        not null constraint articles_slug_key unique
                             constraint articles_slug_format check (is_slug(slug)),
    title        text        not null check (length(title) between 1 and 300),
    teaser       text        check (length(teaser) <= 1000),
    language     text        not null default 'de' check (language ~ '^[a-z]{2}$'),
    status       text        not null default 'draft'
                             check (status in ('draft', 'scheduled', 'published', 'archived')),
    published_at timestamptz,
    source       text        check (length(source) <= 100),
    image_credit text        check (length(image_credit) <= 200),
    disclaimer   text        check (length(disclaimer) <= 1000),
    extras       text[]      not null default '{}',
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    version      integer     not null default 1 check (version >= 1),
    constraint articles_published_has_time
        check (status not in ('scheduled', 'published') or published_at is not null)
);

-- Delivery lists walk this index newest first; drafts and archived articles are not in it.
create index articles_published_keyset on articles (published_at desc, id desc)
    where status in ('published', 'scheduled');

create table sections (
    id         uuid    primary key,
    article_id uuid    not null references articles (id) on delete cascade,
    position   integer not null check (position >= 1),
    type       text    not null check (type in ('report', 'commentary', 'infobox', 'analysis', 'glossary')),
    body       jsonb   not null,
    constraint sections_body_shape check (is_section_body(type, body)),
    -- deferred so that a reorder can swap positions inside one transaction
    constraint sections_position_key unique (article_id, position) deferrable initially deferred
);

create index sections_by_type on sections (type, article_id);

create table article_persons (
    article_id uuid    not null references articles (id) on delete cascade,
    person_id  uuid    not null references persons (id) on delete restrict,
    position   integer not null check (position >= 1),
    role       text    check (length(role) <= 300),
    primary key (article_id, person_id),
    constraint article_persons_position_key unique (article_id, position) deferrable initially deferred
);

create index article_persons_by_person on article_persons (person_id, article_id);
