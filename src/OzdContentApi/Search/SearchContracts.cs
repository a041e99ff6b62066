using OzdContentApi.Articles;

namespace OzdContentApi.Search;

/// <summary>One article that matches a search.</summary>
public sealed record SearchHit
{
    /// <summary>The matching article, as lists show it.</summary>
    public required ArticleSummary Article { get; init; }

    /// <summary>The type of the first section that matches; null when only the title or teaser does.</summary>
    public required string? SectionType { get; init; }

    /// <summary>The id of that section; null when only the title or teaser matches.</summary>
    public required Guid? SectionId { get; init; }

    /// <summary>
    /// A short excerpt around the matches, HTML-escaped, with each match wrapped in
    /// <c>&lt;mark&gt;…&lt;/mark&gt;</c>.
    /// </summary>
    public required string Snippet { get; init; }
}
