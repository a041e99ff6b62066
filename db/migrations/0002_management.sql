-- API keys, article revisions and the change log the delta sync reads.

create table api_keys (
    id         uuid        primary key,
    name       text        not null check (length(name) between 1 and 200),
    -- The first characters of the secret, to recognise a key in lists; never enough to use it.
    prefix     text        not null,
    -- SHA-256 of the whole secret. Secrets are 256 random bits, so a fast hash is enough.
    secret_hash bytea      not null constraint api_keys_secret_hash_key unique,
    scopes     text[]      not null check (scopes <@ array['preview', 'write', 'admin'] and cardinality(scopes) > 0),
    created_at timestamptz not null default now(),
    revoked_at timestamptz
);

-- Every saved version of an article, whole: the article as the API showed it after the write.
create table article_revisions (
    article_id uuid        not null references articles (id) on delete cascade,
    version    integer     not null check (version >= 1),
    saved_at   timestamptz not null default now(),
    snapshot   jsonb       not null,
    primary key (article_id, version)
);

-- What delivery clients must learn, in order: an article was published, changed while
-- published, unpublished or deleted. Rows are written under an advisory
-- lock (see ChangeLog), so seq order is commit order and a reader never skips a late commit.
-- visible_from is when the change takes effect: later than the write for a scheduled publish.
create table content_changes (
    seq          bigint      generated always as identity primary key,
    article_id   uuid        not null,
    kind         text        not null check (kind in ('published', 'changed', 'unpublished', 'deleted')),
    version      integer     not null,
    slug         text        not null,
    occurred_at  timestamptz not null default now(),
    visible_from timestamptz not null default now()
);

create index content_changes_by_article on content_changes (article_id, seq);
