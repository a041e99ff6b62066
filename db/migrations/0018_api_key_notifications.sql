-- Instances keep the keys they have looked up (ApiKeyCache), so a request with a key no longer
-- costs a query. A key that is revoked, changed or deleted is announced like content
-- ("key:<id>" on ozd_changes, migration 0006), and every instance forgets the keys it kept.
-- New keys need no announcement: an instance keeps only keys it found.
create trigger api_keys_notify
    after update or delete on api_keys
    for each row execute function notify_content_change('key');
