-- What outside testing found the database must guarantee itself.

-- A glossary entry's person link is a foreign key like a mention: a person that an entry links
-- to cannot be deleted, whatever races with the delete. The links are derived from the section
-- body by a trigger, so no writer can forget them.
create table glossary_person_links (
    section_id uuid not null references sections (id) on delete cascade,
    person_id  uuid not null references persons (id) on delete restrict,
    primary key (section_id, person_id)
);

create index glossary_person_links_by_person on glossary_person_links (person_id);

create function sync_glossary_person_links() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'UPDATE' then
    delete from glossary_person_links where section_id = old.id;
  end if;
  if new.type = 'glossary' then
    insert into glossary_person_links (section_id, person_id)
    select distinct new.id, (entry ->> 'personId')::uuid
    from jsonb_array_elements(new.body -> 'entries') as entry
    where entry ->> 'personId' is not null;
  end if;
  return null;
end
$$;

create trigger sections_glossary_person_links
    after insert or update of type, body on sections
    for each row execute function sync_glossary_person_links();

insert into glossary_person_links (section_id, person_id)
select distinct s.id, (entry ->> 'personId')::uuid
from sections s, jsonb_array_elements(s.body -> 'entries') as entry
where s.type = 'glossary' and entry ->> 'personId' is not null;

-- Publication times within a range any client can represent (no ±infinity, no year 1).
alter table articles add constraint articles_published_at_range
    check (published_at is null or published_at between '1900-01-01Z' and '3000-01-01Z');

-- The well-known key of the Development run is marked, so a Production start can refuse a
-- database that still accepts it. Earlier builds created it under this name.
alter table api_keys add column development boolean not null default false;
update api_keys set development = true where name = 'development key';
