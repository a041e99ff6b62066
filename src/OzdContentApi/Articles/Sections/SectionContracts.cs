using System.Text.Json.Serialization;

namespace OzdContentApi.Articles.Sections;

/// <summary>
/// One typed part of an article. <c>type</c> tells which of the five shapes it has.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReportSection), "report")]
[JsonDerivedType(typeof(CommentarySection), "commentary")]
[JsonDerivedType(typeof(InfoboxSection), "infobox")]
[JsonDerivedType(typeof(AnalysisSection), "analysis")]
[JsonDerivedType(typeof(GlossarySection), "glossary")]
public abstract record Section
{
    /// <summary>The section's UUID, stable across edits of the article.</summary>
    [JsonPropertyOrder(-2)]
    public required Guid Id { get; init; }

    /// <summary>1-based place of the section in its article.</summary>
    [JsonPropertyOrder(-1)]
    public required int Position { get; init; }

    /// <summary>The persons the section links to (its CDN keys).</summary>
    public virtual IEnumerable<Guid> LinkedPersons() => [];
}

/// <summary>The news text itself.</summary>
public sealed record ReportSection : Section
{
    /// <summary>An optional heading above the report.</summary>
    public required string? Title { get; init; }

    /// <summary>The paragraphs, in order; at least one.</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary>Who filed the report, e.g. "OZD".</summary>
    public required string? Byline { get; init; }
}

/// <summary>An opinion piece with its own headline, e.g. "OZD-Kommentar".</summary>
public sealed record CommentarySection : Section
{
    /// <summary>The kicker shown above the headline, e.g. "OZD-Kommentar".</summary>
    public required string Label { get; init; }

    /// <summary>The commentary's own headline.</summary>
    public required string Title { get; init; }

    /// <summary>The paragraphs, in order; at least one.</summary>
    public required IReadOnlyList<string> Paragraphs { get; init; }

    /// <summary>The commentator, when named.</summary>
    public required string? Author { get; init; }
}

/// <summary>A box of short key facts.</summary>
public sealed record InfoboxSection : Section
{
    /// <summary>The box heading, e.g. "Mini-Infobox".</summary>
    public required string Title { get; init; }

    /// <summary>The facts, one short line each; at least one.</summary>
    public required IReadOnlyList<string> Items { get; init; }
}

/// <summary>An analysis: headings, each with its points.</summary>
public sealed record AnalysisSection : Section
{
    /// <summary>The analysis heading, e.g. "OZD-Analyse".</summary>
    public required string Title { get; init; }

    /// <summary>The headings with their points, in order; at least one.</summary>
    public required IReadOnlyList<AnalysisGroup> Groups { get; init; }
}

/// <summary>One heading of an analysis and its points.</summary>
public sealed record AnalysisGroup
{
    /// <summary>The heading, e.g. "Rolle der USA".</summary>
    public required string Heading { get; init; }

    /// <summary>The points in order, without the letters a), b), c): those are presentation.</summary>
    public required IReadOnlyList<string> Points { get; init; }
}

/// <summary>Explanations of people and terms ("Wer ist …?").</summary>
public sealed record GlossarySection : Section
{
    /// <summary>An optional heading above the entries.</summary>
    public required string? Title { get; init; }

    /// <summary>The entries, in order; at least one.</summary>
    public required IReadOnlyList<GlossaryEntry> Entries { get; init; }

    public override IEnumerable<Guid> LinkedPersons() => Entries.Select(e => e.PersonId).OfType<Guid>();
}

/// <summary>One question and answer of a glossary.</summary>
public sealed record GlossaryEntry
{
    /// <summary>What is explained, e.g. "Wolodymyr Selenskyj".</summary>
    public required string Term { get; init; }

    /// <summary>The question as printed, e.g. "Wer ist Wolodymyr Selenskyj?".</summary>
    public required string Question { get; init; }

    /// <summary>The answer.</summary>
    public required string Answer { get; init; }

    /// <summary>The person this entry explains, when it explains one.</summary>
    public required Guid? PersonId { get; init; }
}

/// <summary>The sections of one article.</summary>
/// <param name="Items">The sections in article order.</param>
public sealed record SectionList(IReadOnlyList<Section> Items);

/// <summary>A section together with the article it belongs to.</summary>
/// <param name="Article">The article the section is part of.</param>
/// <param name="Section">The section.</param>
public sealed record SectionInArticle(ArticleReference Article, Section Section);

/// <summary>Enough of an article to link to it.</summary>
/// <param name="Id">The article's UUID.</param>
/// <param name="Slug">The article's slug.</param>
/// <param name="Title">The article's headline.</param>
public sealed record ArticleReference(Guid Id, string Slug, string Title);
