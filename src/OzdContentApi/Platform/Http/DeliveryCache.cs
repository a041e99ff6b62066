using System.Collections.Concurrent;
using OzdContentApi.Platform.Http.Parameters;
using Microsoft.AspNetCore.OutputCaching;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// A micro-cache of anonymous delivery answers, one second by default (Caching:DeliverySeconds;
/// 0 turns it off). Published responses may be cached publicly for 60 seconds anyway; this one
/// second spares the database under load, and every successful write on this instance empties
/// it, so an editor reads their own change at once. Other instances may answer from their
/// cache for up to that second. Requests with a key are never cached (the framework's rule).
/// An entry is keyed on the exact path and on the query parameters the endpoint reads, so an
/// unknown parameter (?x=random) does not get past the cache.
/// </summary>
public static class DeliveryCache
{
    public const string Policy = "delivery";
    private const string Tag = "delivery";

    public static IServiceCollection AddDeliveryCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Caching:DeliverySeconds", 1.0);
        services.AddOutputCache(options =>
        {
            options.SizeLimit = 32 * 1024 * 1024;
            // Paths differ by case for us: /v1/articles/ABC is a 400, /v1/articles/abc may be an article.
            options.UseCaseSensitivePaths = true;
            options.AddPolicy(Policy, policy =>
            {
                if (seconds <= 0)
                {
                    policy.NoCache();
                    return;
                }
                policy.Expire(TimeSpan.FromSeconds(seconds)).Tag(Tag).SetVaryByHeader("Accept-Encoding", "Origin")
                    .AddPolicy<VaryByQueryTheEndpointReads>();
            });
        });
        return services;
    }

    /// <summary>Empties the cache whenever any instance commits a change (or changes may have been missed).</summary>
    public static WebApplication EvictDeliveryCacheOnChanges(this WebApplication app)
    {
        var store = app.Services.GetRequiredService<IOutputCacheStore>();
        var changes = app.Services.GetRequiredService<Database.ContentChanges>();
        changes.Changed += (_, _) => _ = store.EvictByTagAsync(Tag, default);
        changes.Lost += () => _ = store.EvictByTagAsync(Tag, default);
        return app;
    }

    /// <summary>How long a cached delivery answer is used without asking the database again.</summary>
    public static TimeSpan Window(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Caching:DeliverySeconds", 1.0)));

    /// <summary>Empties the cache after every successful write (not read) of the endpoints it is on.</summary>
    public static TBuilder EvictsDeliveryCache<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
                await context.HttpContext.RequestServices.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, default);
            return result;
        });

    /// <summary>Varies the cache entry by the query parameters the endpoint's handler binds, and no others.</summary>
    internal sealed class VaryByQueryTheEndpointReads : IOutputCachePolicy
    {
        private static readonly ConcurrentDictionary<Endpoint, string[]> Keys = new();

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.GetEndpoint() is { } endpoint)
                context.CacheVaryByRules.QueryKeys = Keys.GetOrAdd(endpoint, QueryKeysOf);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        private static string[] QueryKeysOf(Endpoint endpoint) =>
            [.. EndpointParameters.Of(endpoint).Where(p => !p.FromRoute).Select(p => p.Name)];
    }
}
