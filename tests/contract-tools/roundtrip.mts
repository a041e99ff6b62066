// A TypeScript client, generated from the document by openapi-typescript and driven by
// openapi-fetch, writes an article with all five section types, publishes it and reads it back
// through BASE_URL (the service, or Prism in front of it). Every field sent must come back.
// Usage: node generated/run/roundtrip.mjs BASE_URL KEY PERSON_ID   (prints one JSON line)
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type ArticleInput = components["schemas"]["ArticleInput"];
type SectionInput = Exclude<NonNullable<ArticleInput["sections"]>[number], components["schemas"]["SectionInputAny"]>;

const [baseUrl, key, personId] = process.argv.slice(2);

const sections: SectionInput[] = [
  { type: "report", paragraphs: ["Erster Absatz.", "Zweiter Absatz."], byline: "OZD" },
  { type: "commentary", label: "OZD-Kommentar", title: "Ein Kommentar", paragraphs: ["Meinung."], author: "Redaktion" },
  { type: "infobox", title: "Das Wichtigste", items: ["Punkt eins", "Punkt zwei"] },
  { type: "analysis", title: "Analyse", groups: [{ heading: "Lage", points: ["a", "b", "c"] }] },
  { type: "glossary", title: "Wer ist …?", entries: [{ term: "Selenskyj", question: "Wer ist Selenskyj?", answer: "Präsident der Ukraine.", personId }] },
];

function fail(step: string, detail: unknown): never {
  console.log(JSON.stringify({ ok: false, step, detail }));
  process.exit(1);
}

// Each field sent comes back equal; what comes back beyond that is the section's id, its position or null.
function lost(sent: Record<string, unknown>, read: Record<string, unknown>): string[] {
  const problems = Object.entries(sent)
    .filter(([name, value]) => JSON.stringify(read[name]) !== JSON.stringify(value))
    .map(([name]) => `${String(sent.type)}.${name}`);
  const extra = Object.entries(read)
    .filter(([name, value]) => !(name in sent) && !["id", "position"].includes(name) && value !== null)
    .map(([name]) => `${String(sent.type)}.${name} (unexpected)`);
  return [...problems, ...extra];
}

const writer = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
const created = await writer.POST("/v1/articles", { body: { title: "Fünf Abschnitte aus TypeScript", sections } });
if (!created.data) fail("create", created.error);
const id = created.data.id;

const published = await writer.POST("/v1/articles/{idOrSlug}/publish", {
  params: { path: { idOrSlug: id }, header: { "If-Match": created.response.headers.get("ETag") ?? "" } },
  body: {},
});
if (!published.data) fail("publish", published.error);

const reader = createClient<paths>({ baseUrl });
const read = await reader.GET("/v1/articles/{idOrSlug}", { params: { path: { idOrSlug: id } } });
if (!read.data) fail("read", read.error);

const problems = sections.flatMap((section, i) =>
  lost(section as Record<string, unknown>, (read.data.sections[i] ?? {}) as Record<string, unknown>));
const types = read.data.sections.map((s) => s.type);
console.log(JSON.stringify({ ok: problems.length === 0 && types.length === sections.length, id, types, problems }));
