namespace OzdContentApi.Platform.Validation;

/// <summary>
/// Absolute http(s) URLs, the only kind the service stores (lead images, webhooks). A URL has no
/// white space or control characters anywhere: <see cref="Uri.TryCreate(string, UriKind, out Uri)"/>
/// trims them at the ends and would let "https://…/x.jpg\n" be stored as it was sent.
/// </summary>
public static class WebUrls
{
    public const string Message = "An absolute http or https URL, e.g. https://bilder.ozd.example/miami.jpg.";

    public static bool IsAbsoluteHttp(string? url) => url is null || Parse(url) is not null;

    /// <summary>The URL, if <paramref name="url"/> is an absolute http(s) URL with a host and nothing around it.</summary>
    public static Uri? Parse(string url) =>
        !url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? uri
            : null;
}
