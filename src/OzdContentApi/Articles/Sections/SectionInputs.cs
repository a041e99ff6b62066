using System.Text.Json.Serialization;

namespace OzdContentApi.Articles.Sections;

/// <summary>
/// A section as clients write it: the fields of one of the five types, chosen by <c>type</c>.
/// The server assigns <c>position</c> from the order of the list.
/// </summary>
// Every field is nullable here so that a missing one is reported at its JSON path by
// validation rather than as a parse error; the OpenAPI document states what is required
// (ValidationRulesSchemaFilter reads it from the validators).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReportSectionInput), "report")]
[JsonDerivedType(typeof(CommentarySectionInput), "commentary")]
[JsonDerivedType(typeof(InfoboxSectionInput), "infobox")]
[JsonDerivedType(typeof(AnalysisSectionInput), "analysis")]
[JsonDerivedType(typeof(GlossarySectionInput), "glossary")]
// Without "type" the base is read, skipping the fields it lacks, and validation reports the
// missing type at its path; the five section types still refuse unknown fields.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public record SectionInput
{
    /// <summary>
    /// Only when replacing a whole article: the id of one of its current sections, to keep that
    /// section's identity. Omit it for a new section.
    /// </summary>
    public Guid? Id { get; init; }
}

/// <summary>The news text itself.</summary>
public sealed record ReportSectionInput : SectionInput
{
    /// <summary>An optional heading above the report.</summary>
    public string? Title { get; init; }

    /// <summary>The paragraphs, in order.</summary>
    public IReadOnlyList<string>? Paragraphs { get; init; }

    /// <summary>Who filed the report, e.g. "OZD".</summary>
    public string? Byline { get; init; }
}

/// <summary>An opinion piece with its own headline.</summary>
public sealed record CommentarySectionInput : SectionInput
{
    /// <summary>The kicker above the headline, e.g. "OZD-Kommentar".</summary>
    public string? Label { get; init; }

    /// <summary>The commentary's own headline.</summary>
    public string? Title { get; init; }

    /// <summary>The paragraphs, in order.</summary>
    public IReadOnlyList<string>? Paragraphs { get; init; }

    /// <summary>The commentator, when named.</summary>
    public string? Author { get; init; }
}

/// <summary>A box of short key facts.</summary>
public sealed record InfoboxSectionInput : SectionInput
{
    /// <summary>The box heading, e.g. "Mini-Infobox".</summary>
    public string? Title { get; init; }

    /// <summary>The facts, one short line each.</summary>
    public IReadOnlyList<string>? Items { get; init; }
}

/// <summary>An analysis: headings, each with its points.</summary>
public sealed record AnalysisSectionInput : SectionInput
{
    /// <summary>The analysis heading, e.g. "OZD-Analyse".</summary>
    public string? Title { get; init; }

    /// <summary>The headings with their points, in order.</summary>
    public IReadOnlyList<AnalysisGroupInput>? Groups { get; init; }
}

/// <summary>One heading of an analysis and its points.</summary>
public sealed record AnalysisGroupInput
{
    /// <summary>The heading, e.g. "Rolle der USA".</summary>
    public string? Heading { get; init; }

    /// <summary>The points in order, without the letters a), b), c).</summary>
    public IReadOnlyList<string>? Points { get; init; }
}

/// <summary>Explanations of people and terms ("Wer ist …?").</summary>
public sealed record GlossarySectionInput : SectionInput
{
    /// <summary>An optional heading above the entries.</summary>
    public string? Title { get; init; }

    /// <summary>The entries, in order.</summary>
    public IReadOnlyList<GlossaryEntryInput>? Entries { get; init; }
}

/// <summary>One question and answer of a glossary.</summary>
public sealed record GlossaryEntryInput
{
    /// <summary>What is explained, e.g. "Wolodymyr Selenskyj".</summary>
    public string? Term { get; init; }

    /// <summary>The question as printed, e.g. "Wer ist Wolodymyr Selenskyj?".</summary>
    public string? Question { get; init; }

    /// <summary>The answer.</summary>
    public string? Answer { get; init; }

    /// <summary>The person this entry explains; must exist.</summary>
    public Guid? PersonId { get; init; }
}

/// <summary>The new order of an article's sections.</summary>
public sealed record SectionOrderInput
{
    /// <summary>Every section id of the article, each once, in the new order.</summary>
    public IReadOnlyList<Guid>? SectionIds { get; init; }
}
