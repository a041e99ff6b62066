using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Validation;
using OzdContentApi.Sections;

namespace OzdContentApi.Articles;

/// <summary>The filters of <c>GET /v1/articles</c> as they arrive; parsed into an <see cref="ArticleFilter"/>.</summary>
public sealed record ArticleListQuery(
    [property: FromQuery(Name = "person"), Description("Only articles that mention this person (UUID or slug).")] string? Person,
    [property: FromQuery(Name = "sectionType"), Description("Only articles with at least one section of this type.")] string? SectionType,
    [property: FromQuery(Name = "publishedFrom"), Description("Only articles published at or after this time (ISO 8601 with Z or offset, or a date meaning 00:00 UTC).")] string? PublishedFrom,
    [property: FromQuery(Name = "publishedTo"), Description("Only articles published before this time (exclusive; same formats).")] string? PublishedTo,
    [property: FromQuery(Name = "status"), Description("Needs a key with the preview scope: only articles in this status (draft, scheduled, published, archived). With such a key and no status, every status is listed.")] string? Status)
{
    public ArticleFilter? Parse(bool preview, RequestErrors errors)
    {
        IdOrSlug? person = Person is null ? null : IdOrSlug.Parse(Person, "person", errors);
        var sectionType = SectionTypes.ParseFilter(SectionType, errors, "sectionType");
        var from = ParseTime(PublishedFrom, "publishedFrom", errors);
        var to = ParseTime(PublishedTo, "publishedTo", errors);
        if (from is not null && to is not null && from >= to)
            errors.Add("publishedTo", "Must be later than publishedFrom.");

        ArticleStatus? status = null;
        if (Status is not null)
        {
            if (!Statuses.TryGetValue(Status, out var parsed))
                errors.Add("status", "Must be one of: draft, scheduled, published, archived.");
            else if (!preview && parsed != ArticleStatus.Published)
                errors.Add("status", "Only published articles are listed without a key with the preview scope.");
            else
                status = parsed;
        }
        return errors.Any ? null : new ArticleFilter(person, sectionType, from, to, status);
    }

    private static readonly Dictionary<string, ArticleStatus> Statuses = new(StringComparer.Ordinal)
    {
        ["draft"] = ArticleStatus.Draft, ["scheduled"] = ArticleStatus.Scheduled,
        ["published"] = ArticleStatus.Published, ["archived"] = ArticleStatus.Archived,
    };

    /// <summary>A date (00:00 UTC) or a time with Z or an offset.</summary>
    public static readonly TextPattern TimePattern = new(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2}))?$");

    private static DateTime? ParseTime(string? raw, string name, RequestErrors errors)
    {
        if (raw is null)
            return null;
        DateTime? parsed = null;
        if (TimePattern.IsMatch(raw))
        {
            if (raw.Length == 10 && DateTime.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                parsed = date;
            else if (raw.Length > 10 && DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
                parsed = time.UtcDateTime;
        }
        if (parsed is null)
            errors.Add(name, "An ISO 8601 time with Z or an offset (2025-12-21T18:30:00Z) or a date (2025-12-21).");
        else if (!TimeRules.IsInRange(parsed.Value))
            errors.Add(name, TimeRules.RangeMessage);
        else
            return parsed;
        return null;
    }
}

/// <summary>Parsed, valid filters of an article list.</summary>
public sealed record ArticleFilter(IdOrSlug? Person, string? SectionType, DateTime? PublishedFrom, DateTime? PublishedTo, ArticleStatus? Status)
{
    public static readonly ArticleFilter None = new(null, null, null, null, null);
}
