-- A revision is read back as a whole article of today's shape. Revisions saved before migration
-- 0011 lack the fields it added (found on a database upgraded from an earlier build: reading such a
-- revision was a 500): they get them with the values those articles had, none.
update article_revisions
set snapshot = jsonb_build_object('leadImage', null, 'embargoedUntil', null, 'corrections', '[]'::jsonb, 'canonicalUrl', null)
               || snapshot
where not (snapshot ? 'corrections');
