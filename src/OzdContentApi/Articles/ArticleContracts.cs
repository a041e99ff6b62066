using System.Text.Json.Serialization;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Articles;

/// <summary>Where an article is in its life.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ArticleStatus>))]
public enum ArticleStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("published")] Published,
    [JsonStringEnumMemberName("archived")] Archived,
}

public static class ArticleStatusNames
{
    /// <summary>The status as the API, the database and messages spell it ("published").</summary>
    public static string Name(this ArticleStatus status) => status switch
    {
        ArticleStatus.Draft => "draft",
        ArticleStatus.Scheduled => "scheduled",
        ArticleStatus.Published => "published",
        ArticleStatus.Archived => "archived",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}

/// <summary>An article as lists show it: everything but its persons and section bodies.</summary>
public record ArticleSummary
{
    /// <summary>The article's UUID (version 7).</summary>
    public required Guid Id { get; init; }

    /// <summary>Unique URL name, lowercase ASCII words joined by hyphens.</summary>
    public required string Slug { get; init; }

    /// <summary>The headline.</summary>
    public required string Title { get; init; }

    /// <summary>A short introduction shown in lists.</summary>
    public required string? Teaser { get; init; }

    /// <summary>ISO 639-1 language code, "de".</summary>
    public required string Language { get; init; }

    /// <summary>
    /// draft, scheduled, published or archived. A scheduled article whose time has come reads as published.
    /// </summary>
    public required ArticleStatus Status { get; init; }

    /// <summary>When the article was or will be published (UTC).</summary>
    public required DateTime? PublishedAt { get; init; }

    /// <summary>When the article was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the article last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Increases by one with every saved change.</summary>
    public required int Version { get; init; }

    /// <summary>The outlet that produced it, "OZD".</summary>
    public required string? Source { get; init; }

    /// <summary>Who took the title image, e.g. "AFP".</summary>
    public required string? ImageCredit { get; init; }
}

/// <summary>A whole article: its fields, the people it mentions and its sections in order.</summary>
public sealed record Article : ArticleSummary
{
    /// <summary>Printed under the article, e.g. "Alle Angaben ohne Gewähr.".</summary>
    [JsonPropertyOrder(1)]
    public required string? Disclaimer { get; init; }

    /// <summary>The "OZD-Extras" notes, in order.</summary>
    [JsonPropertyOrder(1)]
    public required IReadOnlyList<string> Extras { get; init; }

    /// <summary>The people the article mentions, in order of mention.</summary>
    [JsonPropertyOrder(1)]
    public required IReadOnlyList<ArticlePerson> Persons { get; init; }

    /// <summary>The typed parts of the article, in order.</summary>
    [JsonPropertyOrder(1)]
    public required IReadOnlyList<Section> Sections { get; init; }

    /// <summary>The lead image, or null.</summary>
    [JsonPropertyOrder(2)]
    public required LeadImage? LeadImage { get; init; }

    /// <summary>
    /// Until when the article is under embargo: partners with the syndication scope read it, nobody
    /// else sees anything of it until then. Null when there was none; stays set once it has passed.
    /// </summary>
    [JsonPropertyOrder(2)]
    public required DateTime? EmbargoedUntil { get; init; }

    /// <summary>Every correction published with the article, oldest first; never edited or removed.</summary>
    [JsonPropertyOrder(2)]
    public required IReadOnlyList<Correction> Corrections { get; init; }

    /// <summary>The article's address on the website (Site__ArticleUrl), or null when not configured.</summary>
    [JsonPropertyOrder(2)]
    public required string? CanonicalUrl { get; init; }
}

/// <summary>A person as one article mentions them.</summary>
public sealed record ArticlePerson
{
    /// <summary>The person's UUID.</summary>
    public required Guid PersonId { get; init; }

    /// <summary>The person's slug.</summary>
    public required string Slug { get; init; }

    /// <summary>The person's name.</summary>
    public required string Name { get; init; }

    /// <summary>How this article describes the person, e.g. "ukrainischer Chefunterhändler".</summary>
    public required string? Role { get; init; }
}
