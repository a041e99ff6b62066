-- A person's articles, newest first, read only as far as the page goes. The list sorted all of
-- a person's articles by their publication time, which only the articles row held: at 100,000
-- articles, a person in 700 of them cost 12.7 ms a page in PostgreSQL (all of it in memory),
-- and a person in every tenth article would cost ten times that. Each link now carries its
-- article's publication time, kept by the triggers below whoever writes, and an index walks a
-- person's links from the newest.

alter table article_persons add column published_at timestamptz;

-- A link's publication time is not part of the article's stored bytes: only a change of what
-- the link says makes the database forget them (and the backfill below must not make it forget
-- every article's bytes).
drop trigger article_persons_forget_representation on article_persons;
create trigger article_persons_forget_representation
    after insert or delete or update of article_id, person_id, position, role on article_persons
    for each row when (not writes_article_representation())
    execute function forget_representation_of_article();

update article_persons ap set published_at = a.published_at
from articles a
where a.id = ap.article_id and a.published_at is not null;

create index article_persons_newest on article_persons (person_id, published_at desc, article_id desc)
where published_at is not null;

create function article_persons_take_published_at() returns trigger
language plpgsql
as $$
begin
  new.published_at := (select a.published_at from articles a where a.id = new.article_id);
  return new;
end
$$;

create trigger article_persons_published_at
    before insert or update of article_id, published_at on article_persons
    for each row execute function article_persons_take_published_at();

create function articles_give_published_at() returns trigger
language plpgsql
as $$
begin
  update article_persons set published_at = new.published_at where article_id = new.id;
  return null;
end
$$;

create trigger articles_published_at_to_persons
    after update of published_at on articles
    for each row when (old.published_at is distinct from new.published_at)
    execute function articles_give_published_at();
