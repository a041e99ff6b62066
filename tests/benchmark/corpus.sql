-- A corpus shaped like the sample OZD article: every article has the sample's five sections
-- (report, commentary, infobox, analysis, glossary) with its German text, three mentioned
-- persons with roles, a keyword that occurs in 1 % of the articles, and one of five topics.
-- Bulk-loaded set-based; usage: psql -v articles=10000 -f corpus.sql
\set ON_ERROR_STOP on
begin;

insert into persons (id, slug, name, description)
select gen_random_uuid(), 'person-' || n, 'Person ' || n, 'Beschreibung der Person ' || n
from generate_series(1, 500) n;

create temp table bench_persons as
select id, row_number() over (order by slug) as n from persons where slug like 'person-%';

create temp table bench_articles as
select gen_random_uuid() as id, i,
       timestamptz '2024-01-01 06:00Z' + i * interval '7 minutes' as published_at,
       (array['Sicherheitsgarantien', 'Wiederaufbau', 'Waffenruhe', 'Energiepreise', 'Haushalt'])[1 + i % 5] as topic
from generate_series(1, :articles) i;

insert into articles (id, slug, title, teaser, language, status, published_at, source, image_credit,
                      disclaimer, extras, created_at, updated_at)
select id, 'bench-artikel-' || i, 'Gespräche über ' || topic || ' – Runde ' || i,
       'Die Delegationen ziehen eine vorsichtige Bilanz ihrer Gespräche über ' || topic || '.',
       'de', 'published', published_at, 'OZD', 'AFP', 'Alle Angaben ohne Gewähr.',
       array['Diplomatie und Krieg laufen weiter parallel, Runde ' || i || '.'], published_at, published_at
from bench_articles;

insert into sections (id, article_id, position, type, body)
select gen_random_uuid(), a.id, s.position, s.type,
       case when s.type = 'report'
            then jsonb_set(s.body, '{paragraphs,0}', to_jsonb((s.body -> 'paragraphs' ->> 0) || ' Stichwort' || (a.i % 100) || '.'))
            else s.body end
from bench_articles a
cross join (values
    (1, 'report', '{"title": null, "paragraphs": ["Die USA und die Ukraine haben ihre jüngsten Gespräche in Miami über ein mögliches Ende des russischen Angriffskriegs als „produktiv und konstruktiv“ bezeichnet. Entsprechende Erklärungen veröffentlichten die Delegationen aus Kiew und Washington am Sonntag. Auch Russland, das parallel eigene Gespräche mit der US-Seite führte, sprach von einem konstruktiven Austausch.", "In einer gemeinsamen Erklärung erklärten der ukrainische Chefunterhändler Rustem Umerow und der Sondergesandte von US-Präsident Donald Trump, Steve Witkoff, die Gespräche hätten sich über mehrere Tage erstreckt und seien auf zentrale strategische Fragen ausgerichtet gewesen. Im Fokus standen demnach vier Schlüsseldokumente, darunter ein 20-Punkte-Plan, mehrere Rahmenwerke für Sicherheitsgarantien sowie ein Wirtschafts- und Wiederaufbaukonzept für die Ukraine.", "Ein besonderer Schwerpunkt habe auf der Abstimmung von Zeitplänen und der Reihenfolge möglicher nächster Schritte gelegen. Konkrete Durchbrüche oder neue Treffen wurden jedoch nicht angekündigt. Auch Vertreter europäischer Partnerstaaten nahmen an den Beratungen teil, um einen abgestimmten transatlantischen Ansatz sicherzustellen.", "Russland war ebenfalls in Miami vertreten, jedoch ohne direkte Gespräche mit der ukrainischen Delegation. Kreml-Sprecher Dmitri Peskow erklärte, der russische Gesandte Kirill Dmitrijew sei vor Ort gewesen, um Informationen über Änderungen am US-Friedensplan einzuholen. Dmitrijew traf mehrfach Witkoff sowie Jared Kushner, den Schwiegersohn Trumps. Direkte Gespräche zwischen Russland und der Ukraine dementierte der Kreml erneut.", "Der ukrainische Präsident Wolodymyr Selenskyj bestätigte, dass in Miami über ein Kriegsende, Sicherheitsgarantien und den Wiederaufbau gesprochen worden sei. Zugleich bezeichnete er die zurückliegende Woche als historisch, auch mit Blick auf die Zusage der EU, die Ukraine in den kommenden zwei Jahren mit weiteren 90 Milliarden Euro zu unterstützen."], "byline": "OZD"}'::jsonb),
    (2, 'commentary', '{"label": "OZD-Kommentar", "title": "Diplomatie mit angezogener Handbremse", "paragraphs": ["Die Wortwahl klingt hoffnungsvoll, doch hinter den Kulissen bleibt die Lage hochgradig fragil. „Konstruktiv“ bedeutet in diesem Fall vor allem: reden, ohne sich festzulegen. Solange Gebietsfragen, Sicherheitsgarantien und russische Maximalforderungen ungelöst bleiben, sind solche Treffen eher ein diplomatisches Abtasten als ein echter Durchbruch. Dennoch gilt: Jeder Gesprächstag ohne Eskalation ist ein Gewinn. Frieden entsteht nicht über Nacht – aber er beginnt mit genau solchen Runden."], "author": null}'::jsonb),
    (3, 'infobox', '{"title": "Mini-Infobox", "items": ["Gespräche in Miami über mehrere Tage", "USA und Ukraine sprechen von „konstruktiv“", "Russland ebenfalls mit US-Kontakten vor Ort", "Fokus auf Sicherheitsgarantien und Wiederaufbau"]}'::jsonb),
    (4, 'analysis', '{"title": "OZD-Analyse", "groups": [{"heading": "Inhalt der Gespräche", "points": ["Abstimmung mehrerer strategischer Dokumente", "Fokus auf Sicherheitsgarantien und Wirtschaft", "Keine öffentlichen Durchbruchsmeldungen"]}, {"heading": "Rolle der USA", "points": ["Vermittler zwischen Kiew, Europa und Moskau", "Überarbeiteter Friedensplan weiterhin umstritten", "Balance zwischen Druck und Diplomatie"]}, {"heading": "Politische Bedeutung", "points": ["Gespräche als Signal an die internationale Gemeinschaft", "Fortgesetzte Unterstützung durch EU und USA", "Friedensprozess bleibt langwierig und unsicher"]}]}'::jsonb),
    (5, 'glossary', '{"title": null, "entries": [{"term": "Wolodymyr Selenskyj", "question": "Wer ist Wolodymyr Selenskyj?", "answer": "Wolodymyr Selenskyj ist seit 2019 Präsident der Ukraine. Seit Beginn des russischen Angriffskriegs ist er die zentrale politische Figur der ukrainischen Verteidigung und internationalen Diplomatie.", "personId": null}, {"term": "US-Friedensplan", "question": "Was ist der US-Friedensplan?", "answer": "Der von den USA vorgelegte Friedensplan umfasst mehrere Punkte zur Beendigung des Krieges, darunter Sicherheitsgarantien und wirtschaftliche Unterstützung. Kritiker werfen ihm vor, Russland zu stark entgegenzukommen, insbesondere bei territorialen Fragen.", "personId": null}]}'::jsonb)
) as s(position, type, body);

insert into article_persons (article_id, person_id, position, role)
select a.id, p.id, k, 'Rolle ' || k
from bench_articles a
cross join generate_series(1, 3) k
join bench_persons p on p.n = 1 + ((a.i + k * 167) % 500);

-- The same vector refresh_article_search() computes, set-based for the whole corpus.
update articles a
set search_vector =
      setweight(to_tsvector('german', a.title), 'A')
   || setweight(to_tsvector('german', coalesce(a.teaser, '')), 'B')
   || setweight(to_tsvector('german', concat_ws(' ', t.text, array_to_string(a.extras, ' '))), 'C')
from (select s.article_id, string_agg(section_search_text(s.body), ' ' order by s.position) as text
      from sections s join bench_articles b on b.id = s.article_id group by s.article_id) t
where t.article_id = a.id;

commit;
analyze;
