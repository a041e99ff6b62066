using OzdContentApi.Platform;

namespace OzdContentApi.Articles.Newsroom;

/// <summary>
/// The article's address on the website, from <c>Site:ArticleUrl</c> (a template such as
/// <c>https://www.ozd.example/artikel/{slug}</c>; <c>{id}</c> works too). Unset: no address.
/// Checked when the service starts, so a wrong template stops it with a line saying where to fix it.
/// </summary>
public sealed class SiteUrls
{
    public const string Setting = "Site:ArticleUrl";

    private readonly string? _template;

    public SiteUrls(IConfiguration configuration)
    {
        _template = configuration[Setting] is { Length: > 0 } template ? template : null;
        if (_template is null)
            return;
        var probe = Fill(_template, Guid.Empty, "probe");
        if (!(_template.Contains("{slug}") || _template.Contains("{id}"))
            || !Uri.IsWellFormedUriString(probe, UriKind.Absolute)
            || !Uri.TryCreate(probe, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new StartupException(
                $"Site__ArticleUrl is '{_template}': it must be an absolute http(s) URL with {{slug}} or {{id}}, " +
                "e.g. https://www.ozd.example/artikel/{slug}. Set it in the environment or appsettings (Site:ArticleUrl), or leave it unset.");
    }

    /// <summary>The template itself (part of the stored bytes' format: changing it rebuilds them).</summary>
    public string? Template => _template;

    public string? ArticleUrl(Guid id, string slug) => _template is null ? null : Fill(_template, id, slug);

    private static string Fill(string template, Guid id, string slug) =>
        template.Replace("{slug}", Uri.EscapeDataString(slug)).Replace("{id}", id.ToString());
}
