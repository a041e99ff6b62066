-- What a newsroom records besides the text: the lead image (one JSON document, validated by the
-- service), the embargo, and corrections (German press code, Ziffer 3).
alter table articles
    add column lead_image      jsonb       check (lead_image is null or jsonb_typeof(lead_image) = 'object'),
    add column embargoed_until timestamptz check (embargoed_until is null
                                                  or embargoed_until between '1900-01-01' and '3000-01-01');

-- Corrections are published once and then stay: no update, no delete, except that they go with
-- their article when the article itself is deleted. seq is their order within the article.
create table article_corrections (
    id           uuid        primary key,
    article_id   uuid        not null references articles (id) on delete cascade,
    seq          integer     not null check (seq >= 1),
    kind         text        not null check (kind in ('correction', 'clarification', 'retraction', 'update')),
    text         text        not null check (length(text) between 1 and 2000),
    section_id   uuid,
    published_at timestamptz not null,
    version      integer     not null check (version >= 1),
    constraint article_corrections_seq_key unique (article_id, seq)
);

create function refuse_correction_change() returns trigger
language plpgsql
as $$
begin
  if tg_op = 'DELETE' and not exists (select from articles where id = old.article_id) then
    return old; -- the article is being deleted, and its corrections with it
  end if;
  raise exception 'a published correction is never changed or removed; publish another one'
    using errcode = 'check_violation';
end
$$;

create trigger article_corrections_append_only
    before update or delete on article_corrections
    for each row execute function refuse_correction_change();

-- Partners who may read articles under embargo: a fourth scope.
alter table api_keys drop constraint api_keys_scopes_check;
alter table api_keys add constraint api_keys_scopes_check
    check (scopes <@ array['preview', 'write', 'admin', 'syndication'] and cardinality(scopes) > 0);
