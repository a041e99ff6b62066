using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Http.Parameters;

namespace OzdContentApi.Articles;

/// <summary>The filters of <c>GET /v1/articles</c>.</summary>
public sealed record ArticleListQuery(
    [property: FromQuery(Name = "person"), Description("Only articles that mention this person (UUID or slug).")] IdOrSlug? Person,
    [property: FromQuery(Name = "sectionType"), Description("Only articles with at least one section of this type.")] SectionTypeName? SectionType,
    [property: FromQuery(Name = "publishedFrom"), Description("Only articles published at or after this time (ISO 8601 with Z or offset, or a date meaning 00:00 UTC; from 1900-01-01T00:00:00Z to 3000-01-01T00:00:00Z).")] TimeParameter? PublishedFrom,
    [property: FromQuery(Name = "publishedTo"), Description("Only articles published before this time (exclusive; same formats and range).")] TimeParameter? PublishedTo,
    [property: FromQuery(Name = "status"), Description("Needs a key with the preview scope: only articles in this status (draft, scheduled, published, archived). With such a key and no status, every status is listed.")] ArticleStatusName? Status)
{
    public ArticleFilter? Parse(bool preview, RequestErrors errors)
    {
        if (PublishedFrom is { } from && PublishedTo is { } to && from.Utc >= to.Utc)
            errors.Add("publishedTo", "Must be later than publishedFrom.");
        if (Status is { } status && !preview && status.Value != ArticleStatus.Published)
            errors.Add("status", "Only published articles are listed without a key with the preview scope.");
        return errors.Any ? null : new ArticleFilter(Person, SectionType?.Value, PublishedFrom?.Utc, PublishedTo?.Utc, Status?.Value);
    }
}

/// <summary>Parsed, valid filters of an article list.</summary>
public sealed record ArticleFilter(IdOrSlug? Person, string? SectionType, DateTime? PublishedFrom, DateTime? PublishedTo, ArticleStatus? Status)
{
    public static readonly ArticleFilter None = new(null, null, null, null, null);
}

/// <summary>An article status as a query parameter.</summary>
public readonly record struct ArticleStatusName(ArticleStatus Value) : IParameterType<ArticleStatusName>
{
    private static readonly Dictionary<string, ArticleStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["draft"] = ArticleStatus.Draft, ["scheduled"] = ArticleStatus.Scheduled,
        ["published"] = ArticleStatus.Published, ["archived"] = ArticleStatus.Archived,
    };

    public static string Expectation => "Must be one of: draft, scheduled, published, archived.";

    public static IOpenApiSchema Schema => new OpenApiSchema
    {
        Type = JsonSchemaType.String,
        Enum = Statuses.Keys.Select(k => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(k)!).ToList(),
    };

    public static bool TryParse(string? s, IFormatProvider? provider, out ArticleStatusName result)
    {
        var known = Statuses.TryGetValue(s ?? "", out var status);
        result = new ArticleStatusName(status);
        return known;
    }
}
