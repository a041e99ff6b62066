-- A search reads the whole search vector of each of its candidates (the 100 newest matches)
-- three times: the match, the title match and the rank. The sample's vector is 3.7 KB
-- compressed, so it lived in the TOAST table, pglz-compressed: three TOAST lookups and three
-- pglz decompressions per candidate. Now a vector stays in its row (storage main; it still moves
-- out when nothing else makes the row fit a page) and is lz4-compressed, which unpacks several
-- times faster: measured at 100,000 articles, PostgreSQL alone ran a search matching every
-- article 793 → 1,130 times/s.
--
-- Only vectors written from now on are stored this way; the ones already stored stay as they are
-- until their article's next write (rewriting them here would be a new row version of every
-- article, each announced to every instance).
do $$
begin
  alter table articles alter column search_vector set compression lz4;
exception when feature_not_supported then
  raise notice 'this PostgreSQL was built without lz4: search vectors stay pglz-compressed';
end
$$;
alter table articles alter column search_vector set storage main;
