using Microsoft.Extensions.Primitives;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// CORS, as CONTRACT.md's "Browsers" section says: delivery reads answer any origin unless
/// Cors:DeliveryOrigins lists some; management answers only Cors:EditorOrigins. Preflights are
/// cached for ten minutes, and scripts may read ETag, Link, Location, Last-Modified and Retry-After.
/// </summary>
public static class BrowserAccess
{
    public const string Delivery = "delivery";
    public const string Editors = "editors";

    private static readonly string[] Exposed = ["ETag", "Link", "Location", "Last-Modified", "Retry-After"];
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddBrowserAccess(this IServiceCollection services, IConfiguration configuration)
    {
        var deliveryOrigins = Origins(configuration, "Cors:DeliveryOrigins");
        var editorOrigins = Origins(configuration, "Cors:EditorOrigins");
        services.AddCors(cors =>
        {
            cors.AddPolicy(Delivery, policy =>
            {
                if (deliveryOrigins.Length == 0)
                    policy.AllowAnyOrigin();
                else
                    policy.WithOrigins(deliveryOrigins);
                policy.WithMethods("GET", "HEAD")
                    .WithHeaders("Authorization", "If-None-Match", "If-Modified-Since")
                    .WithExposedHeaders(Exposed)
                    .SetPreflightMaxAge(PreflightMaxAge);
            });
            cors.AddPolicy(Editors, policy => policy
                .WithOrigins(editorOrigins)
                .WithMethods("GET", "HEAD", "POST", "PUT", "DELETE")
                .WithHeaders("Authorization", "Content-Type", "If-Match", "If-None-Match", "If-Modified-Since")
                .WithExposedHeaders(Exposed)
                .SetPreflightMaxAge(PreflightMaxAge));
        });
        return services;
    }

    /// <summary>Adds to Vary instead of replacing what CORS put there (Origin).</summary>
    public static void AddVary(HttpResponse response, string value) =>
        response.Headers.Vary = StringValues.Concat(response.Headers.Vary, value);

    // An origin is scheme, host and port (https://www.ozd.example); anything else would match no
    // browser's Origin header and refuse every cross-origin read without a word.
    private static string[] Origins(IConfiguration configuration, string key)
    {
        var origins = (configuration[key] ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
                throw new StartupException($"{key.Replace(":", "__")} has '{origin}'; each origin must be scheme, host and port only, " +
                                           "e.g. https://www.ozd.example, separated by commas.");
        }
        return origins;
    }
}
