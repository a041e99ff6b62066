using System.Text.Json.Serialization;
using OzdContentApi.Articles;

namespace OzdContentApi.Changes;

/// <summary>What happened to an article, as a sync client applies it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>The article is published: insert or replace it (compare <c>version</c>).</summary>
    [JsonStringEnumMemberName("upsert")] Upsert,

    /// <summary>The article is no longer published (unpublished or deleted): drop it.</summary>
    [JsonStringEnumMemberName("remove")] Remove,
}

/// <summary>One article's state after its latest change on this page.</summary>
public sealed record ArticleChange
{
    /// <summary>upsert: keep <c>article</c>; remove: drop the article with this id.</summary>
    public required ChangeKind Change { get; init; }

    /// <summary>The article's UUID.</summary>
    public required Guid ArticleId { get; init; }

    /// <summary>The article's slug at the time of the change.</summary>
    public required string Slug { get; init; }

    /// <summary>The article as lists show it, for upsert; null for remove.</summary>
    public required ArticleSummary? Article { get; init; }
}

/// <summary>A page of changes.</summary>
public sealed record ChangePage
{
    /// <summary>At most one entry per article, in the order of their latest change.</summary>
    public required IReadOnlyList<ArticleChange> Items { get; init; }

    /// <summary>Send as <c>since</c> next time. Always present: store it even when items is empty.</summary>
    public required string NextToken { get; init; }

    /// <summary>True when more changes are ready now: ask again at once with nextToken.</summary>
    public required bool HasMore { get; init; }
}
