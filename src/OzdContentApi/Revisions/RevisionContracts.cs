using OzdContentApi.Articles;

namespace OzdContentApi.Revisions;

/// <summary>One saved version of an article, as listed.</summary>
public sealed record RevisionSummary
{
    /// <summary>The article version this revision holds.</summary>
    public required int Version { get; init; }

    /// <summary>When it was saved (UTC).</summary>
    public required DateTime SavedAt { get; init; }

    /// <summary>The article's headline in this version.</summary>
    public required string Title { get; init; }

    /// <summary>The article's status in this version.</summary>
    public required ArticleStatus Status { get; init; }
}
