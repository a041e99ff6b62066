namespace OzdContentApi.Platform.Validation;

/// <summary>
/// Absolute http(s) URLs, the only kind the service stores (lead images, webhooks). A URL has no
/// white space, control or invisible formatting characters anywhere (<see cref="Uri.TryCreate(string, UriKind, out Uri)"/>
/// trims some at the ends and would let "https://…/x.jpg\n" be stored as it was sent; a zero-width
/// space or a right-to-left override makes a URL read as another), and no user name or password:
/// what is stored is shown to everyone.
/// </summary>
public static class WebUrls
{
    public const string Message = "An absolute http or https URL without user info, e.g. https://bilder.ozd.example/miami.jpg.";

    public static bool IsAbsoluteHttp(string? url) => url is null || Parse(url) is not null;

    /// <summary>The URL, if <paramref name="url"/> is an absolute http(s) URL with a host, nothing invisible in it and no user info.</summary>
    public static Uri? Parse(string url) =>
        !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && uri.UserInfo.Length == 0
            ? uri
            : null;
}
