// A frontend's use of the generated client. It must type-check with --strict: a section
// narrows by `type` into exactly five shapes, and each shape has only its own fields.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema";

type ArticleJson = paths["/v1/articles/{idOrSlug}"]["get"]["responses"][200]["content"]["application/json"];
type ArticleInput = components["schemas"]["ArticleInput"];
// Each use of the union lists SectionAny first, a schema that matches no value (README, "The
// section union"); TypeScript sees it as a sixth member, so an exhaustive switch drops it.
type Section = Exclude<ArticleJson["sections"][number], components["schemas"]["SectionAny"]>;
type SectionInput = Exclude<NonNullable<ArticleInput["sections"]>[number], components["schemas"]["SectionInputAny"]>;

// No JSON value is a SectionAny; the guard only tells the compiler so.
const isSection = (section: ArticleJson["sections"][number]): section is Section => section.type !== "SectionAny";

export function render(section: Section): string {
  switch (section.type) {
    case "report":
      // @ts-expect-error a report has no items
      void section.items;
      return [section.title ?? "", ...section.paragraphs, section.byline ?? ""].join("\n");
    case "commentary":
      return `${section.label} – ${section.title}\n${section.paragraphs.join("\n")}${section.author ? `\n${section.author}` : ""}`;
    case "infobox":
      // @ts-expect-error an infobox has no paragraphs
      void section.paragraphs;
      return `${section.title}\n${section.items.map((item) => `• ${item}`).join("\n")}`;
    case "analysis":
      return `${section.title}\n${section.groups
        .map((group) => `${group.heading}\n${group.points.map((point, i) => `${String.fromCharCode(97 + i)}) ${point}`).join("\n")}`)
        .join("\n")}`;
    case "glossary":
      return section.entries.map((entry) => `${entry.question}\n${entry.answer}${entry.personId ? ` (${entry.personId})` : ""}`).join("\n");
    default: {
      const unreachable: never = section;
      return unreachable;
    }
  }
}

export async function readArticle(baseUrl: string, slug: string): Promise<string[]> {
  const client = createClient<paths>({ baseUrl });
  const { data, error } = await client.GET("/v1/articles/{idOrSlug}", { params: { path: { idOrSlug: slug } } });
  if (error) {
    throw new Error(error.detail ?? error.title ?? "request failed");
  }
  return data.sections.filter(isSection).map(render);
}

export async function createPerson(baseUrl: string, key: string, name: string): Promise<string> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
  const { data, error } = await client.POST("/v1/persons", { body: { name, slug: null, description: null } });
  if (error) {
    throw new Error(error.detail ?? "request failed");
  }
  return data.slug;
}

export function infobox(title: string, items: string[]): SectionInput {
  return { type: "infobox", title, items };
}

export function notAnInfobox(): SectionInput {
  // @ts-expect-error an infobox takes no paragraphs
  return { type: "infobox", title: "x", items: ["y"], paragraphs: ["z"] };
}

export async function createArticle(baseUrl: string, key: string, title: string, sections: SectionInput[]): Promise<string> {
  const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${key}` } });
  const { data, error } = await client.POST("/v1/articles", { body: { title, sections } });
  if (error) {
    throw new Error(error.detail ?? "request failed");
  }
  return data.id;
}
