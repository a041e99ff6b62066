using OzdContentApi.Platform.OpenApi;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// The two kinds of route, each with its rules set once: delivery (read without a key, anonymous
/// answers micro-cached, CORS for any configured origin) and management (a key with a scope,
/// 401/403 declared, CORS for the editors' origins, unknown query parameters and bodies the
/// operation does not take refused, and successful writes empty the delivery caches).
/// </summary>
public static class RouteKinds
{
    public static RouteGroupBuilder MapDelivery(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("").CacheOutput(DeliveryCache.Policy).RequireCors(BrowserAccess.Delivery);

    /// <summary>
    /// Health probes (/health/…): answered whatever key comes with them (a load balancer's stale
    /// header must not fail it) and never rate limited, bad keys from the same address included.
    /// </summary>
    public static bool IsHealthProbe(HttpContext context) => context.Request.Path.StartsWithSegments("/health");

    /// <remarks>Each feature adds the scope it needs to its own group.</remarks>
    public static RouteGroupBuilder MapManagement(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("").WithManagementProblems().RequireCors(BrowserAccess.Editors).EvictsDeliveryCache().RefusesUnknownQueryParameters()
            .RefusesUnexpectedBodies()
            .WithMetadata(new ManagementRoute());

    /// <summary>Marks the management routes: the only ones whose request bodies are read (see RequestLimits.UseWholeBodies).</summary>
    public sealed class ManagementRoute;
}
