using OzdContentApi.Keys;
namespace OzdContentApi.Articles;

/// <summary>
/// What delivery may show, as SQL over <c>articles a</c>: the article module's public reading
/// rules, which search, the change feed and a person's article list use too. A scheduled
/// article counts as published from its <c>published_at</c> on, so no job has to flip its
/// status; <c>@Now</c> comes from the service's TimeProvider.
/// </summary>
public static class PublishedArticles
{
    /// <summary>The audience of a delivery request, from its key's scopes.</summary>
    public static Audience AudienceOf(System.Security.Claims.ClaimsPrincipal user) =>
        user.HasScope(Keys.Scopes.Preview) ? Audience.Preview
        : user.HasScope(Keys.Scopes.Syndication) ? Audience.Syndication
        : Audience.Public;

    /// <summary>Published, its time has come, and no embargo holds it back: what anyone may see.</summary>
    public const string Visible = $"{Released} and (a.embargoed_until is null or a.embargoed_until <= @Now)";

    /// <summary>Published and its time has come, embargo or not: what a syndication key sees.</summary>
    public const string Released = "a.status in ('published', 'scheduled') and a.published_at <= @Now";

    /// <summary>What delivery shows to whom: the public, partners (syndication) or editors (preview).</summary>
    public static string VisibleTo(Audience audience) => audience switch
    {
        Audience.Public => Visible,
        Audience.Syndication => Released,
        _ => "true",
    };

    /// <summary>
    /// What a list ordered by publication time shows to whom. Drafts have no such time, so a
    /// preview key sees there what a partner sees: every published article, embargo or not.
    /// </summary>
    public static string PublishedFor(Audience audience) => audience == Audience.Public ? Visible : Released;

    public const string Lookup = "(a.id = @Id or a.slug = @Slug)";

    public const string Status =
        "(case when a.status = 'scheduled' and a.published_at <= @Now then 'published' else a.status end)";

    /// <summary><see cref="Visible"/> as of <paramref name="time"/>, an SQL expression, instead of the service's @Now.</summary>
    public static string VisibleAsOf(string time) => Visible.Replace("@Now", time);

    /// <summary><see cref="Status"/> as of <paramref name="time"/>, an SQL expression, instead of the service's @Now.</summary>
    public static string StatusAsOf(string time) => Status.Replace("@Now", time);

    public const string SummaryColumns = $"""
        a.id, a.slug, a.title, a.teaser, a.language, {Status} as status, a.published_at as PublishedAt,
        a.created_at as CreatedAt, a.updated_at as UpdatedAt, a.version, a.source, a.image_credit as ImageCredit
        """;

    /// <summary>The stored bytes are out of date (a person they name was renamed; migration 0008).</summary>
    public const string Stale = "exists (select from article_representation_stale st where st.article_id = a.id)";

    /// <summary>
    /// The stored bytes readers get, null when they are missing or stale (the reader rebuilds them):
    /// a scheduled article whose time has come reads as published.
    /// </summary>
    public const string CurrentRepresentation =
        $"case when {Stale} then null when a.status = 'scheduled' and a.published_at <= @Now then a.live_representation else a.representation end";

    public const string CurrentETag =
        $"case when {Stale} then null when a.status = 'scheduled' and a.published_at <= @Now then a.live_etag else a.etag end";
}

public enum Audience { Public, Syndication, Preview }

/// <summary>One statement per audience, built once: <c>sql[audience]</c>.</summary>
public sealed class SqlPerAudience(Func<Audience, string> build)
{
    private readonly string[] _sql = Enum.GetValues<Audience>().Select(build).ToArray();

    public string this[Audience audience] => _sql[(int)audience];
}
