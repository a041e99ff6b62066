-- Webhooks: receivers that learn of every public change within seconds, without polling.
--
-- The outbox is written by the database itself, in the transaction of the change: a row of
-- content_changes (what the change feed serves, already following the visibility rules) or an
-- update or delete of a person becomes a webhook_events row, and every enabled webhook that
-- takes its type gets a webhook_deliveries row. A write that rolls back leaves none of them; one
-- that commits cannot lose them. A scheduled or embargoed publication is due at its time (the
-- change-feed entry's visible_from), and withdrawing that entry (the article was rescheduled or
-- unpublished first) withdraws its event and deliveries with it.

alter table content_changes drop constraint content_changes_kind_check;
alter table content_changes add constraint content_changes_kind_check
    check (kind in ('published', 'changed', 'corrected', 'unpublished', 'deleted'));

create table webhooks (
    id                    uuid        primary key,
    url                   text        not null check (length(url) between 1 and 2000),
    events                text[]      not null check (cardinality(events) >= 1),
    description           text        check (length(description) <= 500),
    secret                text        not null,
    previous_secret       text,
    previous_secret_until timestamptz,
    disabled_at           timestamptz,
    disabled_reason       text,
    created_at            timestamptz not null
);

create table webhook_events (
    id          uuid        primary key default gen_random_uuid(),
    seq         bigint      generated always as identity unique,
    type        text        not null check (type in ('article.published', 'article.changed', 'article.corrected',
                                                     'article.unpublished', 'article.deleted',
                                                     'person.changed', 'person.deleted')),
    subject_id  uuid        not null,
    slug        text        not null,
    version     integer     not null,
    occurred_at timestamptz not null default clock_timestamp(),
    due_at      timestamptz not null,
    -- The change-feed position right after this change (the token in the body).
    changes_visible_from timestamptz,
    changes_seq bigint,
    -- An article's event goes with its change-feed entry when that is withdrawn before it took effect.
    change_seq  bigint      references content_changes (seq) on delete cascade
);

create index webhook_events_by_change on webhook_events (change_seq);

create table webhook_deliveries (
    id              uuid        primary key default gen_random_uuid(),
    webhook_id      uuid        not null references webhooks (id) on delete cascade,
    event_id        uuid        not null references webhook_events (id) on delete cascade,
    event_seq       bigint      not null,
    due_at          timestamptz not null,
    state           text        not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    leased_until    timestamptz,
    last_status     integer,
    last_error      text,
    last_response   text        check (length(last_response) <= 500),
    last_attempt_at timestamptz,
    delivered_at    timestamptz,
    unique (webhook_id, event_id)
);

-- The dispatcher's questions: what is due, and what comes first for one webhook (commit order).
create index webhook_deliveries_pending on webhook_deliveries (webhook_id, due_at, event_seq) where state = 'pending';
create index webhook_deliveries_log on webhook_deliveries (webhook_id, event_seq desc);

create function webhook_event_from_change() returns trigger
language plpgsql
as $$
begin
  insert into webhook_events (type, subject_id, slug, version, due_at, changes_visible_from, changes_seq, change_seq)
  values ('article.' || new.kind, new.article_id, new.slug, new.version, new.visible_from, new.visible_from, new.seq, new.seq);
  return null;
end
$$;

create trigger content_changes_to_webhooks
    after insert on content_changes
    for each row execute function webhook_event_from_change();

-- Person events take the change log's lock (ChangeLog.AdvisoryLockKey) like article writes, so
-- that event order is commit order for both.
create function webhook_event_from_person() returns trigger
language plpgsql
as $$
declare
  head record;
begin
  perform pg_advisory_xact_lock(31378293997989479);
  select c.visible_from, c.seq into head from content_changes c
  where c.visible_from <= clock_timestamp() order by c.visible_from desc, c.seq desc limit 1;
  if tg_op = 'DELETE' then
    insert into webhook_events (type, subject_id, slug, version, due_at, changes_visible_from, changes_seq)
    values ('person.deleted', old.id, old.slug, old.version, clock_timestamp(), head.visible_from, head.seq);
  else
    insert into webhook_events (type, subject_id, slug, version, due_at, changes_visible_from, changes_seq)
    values ('person.changed', new.id, new.slug, new.version, clock_timestamp(), head.visible_from, head.seq);
  end if;
  return null;
end
$$;

create trigger persons_to_webhooks
    after update or delete on persons
    for each row execute function webhook_event_from_person();

create function webhook_deliveries_for_event() returns trigger
language plpgsql
as $$
begin
  insert into webhook_deliveries (webhook_id, event_id, event_seq, due_at, next_attempt_at)
  select w.id, new.id, new.seq, new.due_at, new.due_at
  from webhooks w
  where w.disabled_at is null and new.type = any (w.events);
  if found then
    perform pg_notify('ozd_webhooks', '');
  end if;
  return null;
end
$$;

create trigger webhook_events_to_deliveries
    after insert on webhook_events
    for each row execute function webhook_deliveries_for_event();
