-- Every committed change to an article or a person is announced to every instance of the
-- service (PostgreSQL LISTEN/NOTIFY on channel ozd_changes, payload "article:<id>" or
-- "person:<id>"). A notification is sent when its transaction commits and never when it rolls
-- back; repeated ones within a transaction are sent once. Instances evict what they cached.
create function notify_content_change() returns trigger
language plpgsql
as $$
begin
  perform pg_notify('ozd_changes', tg_argv[0] || ':' || coalesce(new.id, old.id)::text);
  return null;
end
$$;

create trigger articles_notify
    after insert or update or delete on articles
    for each row execute function notify_content_change('article');

create trigger persons_notify
    after insert or update or delete on persons
    for each row execute function notify_content_change('person');
