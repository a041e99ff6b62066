-- Only article writes that change what delivery can show are announced to the other instances:
-- those where the article is published or scheduled before or after the write. A draft (or an
-- archived article) is in no answer an instance caches: delivery shows it to preview keys
-- alone, and keyed answers are never cached. Announcing every draft save emptied every
-- instance's micro-cache and search answers for nothing, and NOTIFY serialises commits:
-- PostgreSQL holds a database-wide lock from a notifying transaction's commit until its WAL is
-- flushed, so writers that notify cannot share a flush (on a saturated disk, commits of 1–6 s).
-- The writing instance still empties its own caches after every write (DeliveryCache).
drop trigger articles_notify on articles;

create trigger articles_notify_insert
    after insert on articles
    for each row when (new.status in ('published', 'scheduled'))
    execute function notify_content_change('article');

create trigger articles_notify_update
    after update on articles
    for each row when (old.status in ('published', 'scheduled') or new.status in ('published', 'scheduled'))
    execute function notify_content_change('article');

create trigger articles_notify_delete
    after delete on articles
    for each row when (old.status in ('published', 'scheduled'))
    execute function notify_content_change('article');
