using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;
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
            options.SizeLimit = 256 * 1024 * 1024;
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

    /// <summary>How long a cached delivery answer is used without asking the database again.</summary>
    public static TimeSpan Window(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Math.Max(0, configuration.GetValue("Caching:DeliverySeconds", 1.0)));

    /// <summary>Empties the caches after every successful write of the endpoints it is on.</summary>
    public static TBuilder EvictsDeliveryCache<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            if (answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
            {
                var services = context.HttpContext.RequestServices;
                await services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(Tag, default);
                foreach (var cache in services.GetServices<IDeliveryCachePart>())
                    cache.Clear();
            }
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

        private static string[] QueryKeysOf(Endpoint endpoint)
        {
            if (endpoint.Metadata.GetMetadata<MethodInfo>() is not { } handler)
                return [];
            var keys = new List<string>();
            foreach (var parameter in handler.GetParameters())
            {
                if (parameter.GetCustomAttribute<FromQueryAttribute>() is { } query)
                    keys.Add(query.Name ?? parameter.Name!);
                else if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
                {
                    keys.AddRange(parameter.ParameterType.GetProperties()
                        .Select(p => p.GetCustomAttribute<FromQueryAttribute>() is { } q ? q.Name ?? p.Name : null)
                        .OfType<string>());
                }
            }
            return [.. keys];
        }
    }
}

/// <summary>A cache of delivery content besides the output cache, emptied with it after writes.</summary>
public interface IDeliveryCachePart
{
    void Clear();
}
