-- Each article keeps the exact JSON bytes its readers get, made once when it is written, so a
-- read is one indexed lookup. A scheduled article also keeps the bytes it will read as once its
-- time has come (status published). representation_at is when the bytes last changed: besides
-- every write, a person's rename changes the articles that mention them.
alter table articles
    add column representation      bytea,
    add column etag                text,
    add column live_representation bytea,
    add column live_etag           text,
    add column representation_at   timestamptz;

-- Which format the stored bytes are in (the code's article contract and the configuration that
-- shapes it); when a start finds another, it rebuilds every article's bytes from the tables.
create table article_representation_format (
    id          boolean primary key default true check (id),
    fingerprint text    not null
);

-- The stored bytes are a copy, and the database keeps the copy honest: a change that does not
-- come from the service's own article write (which sets ozd.writes_representation for its
-- transaction and stores the new bytes itself) forgets the bytes of every article it touches,
-- and the next read rebuilds them from the tables. That covers a person's rename, a migration,
-- and anyone repairing rows by hand.
create function writes_article_representation() returns boolean
language sql stable
as $$ select coalesce(current_setting('ozd.writes_representation', true), '') = 'on' $$;

create function forget_representation_of_row() returns trigger
language plpgsql
as $$
begin
  new.representation := null;
  new.etag := null;
  new.live_representation := null;
  new.live_etag := null;
  return new;
end
$$;

create trigger articles_forget_representation
    before insert or update on articles
    for each row when (not writes_article_representation())
    execute function forget_representation_of_row();

create function forget_representation_of_article() returns trigger
language plpgsql
as $$
begin
  if tg_op <> 'INSERT' then
    update articles set representation = null where id = old.article_id;
  end if;
  if tg_op <> 'DELETE' then
    update articles set representation = null where id = new.article_id;
  end if;
  return null;
end
$$;

create trigger sections_forget_representation
    after insert or update or delete on sections
    for each row when (not writes_article_representation())
    execute function forget_representation_of_article();

create trigger article_persons_forget_representation
    after insert or update or delete on article_persons
    for each row when (not writes_article_representation())
    execute function forget_representation_of_article();

create function forget_representation_of_mentions() returns trigger
language plpgsql
as $$
begin
  update articles set representation = null
  where id in (select article_id from article_persons where person_id = new.id);
  return null;
end
$$;

create trigger persons_forget_representation
    after update of name, slug on persons
    for each row when (old.name is distinct from new.name or old.slug is distinct from new.slug)
    execute function forget_representation_of_mentions();
