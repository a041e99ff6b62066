using System.Collections.Concurrent;
using OzdContentApi.Platform.Http.Parameters;
using Microsoft.AspNetCore.OutputCaching;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// A micro-cache of anonymous delivery answers, one second by default (Caching:DeliverySeconds;
/// 0 turns it off). Published responses may be cached publicly for 60 seconds anyway; this one
/// second spares the database under load, and every successful write on this instance empties
/// it, so an editor reads their own change at once; every other instance empties it when it
/// hears the change (PostgreSQL NOTIFY). Requests with a key are never cached (the framework's rule).
/// An entry is keyed on the exact path and on the query parameters the endpoint reads, so an
/// unknown parameter (?x=random) does not get past the cache.
/// </summary>
/// <remarks>
/// An eviction alone would race: a request that read the old data just before it can store its
/// answer just after it, to be served until it expires. So every entry's key also holds a
/// generation that each eviction advances, once the data caches under it were evicted: an answer
/// made before an eviction is stored under a key no request asks for again.
/// </remarks>
public static class DeliveryCache
{
    public const string Policy = "delivery";
    private const string Tag = "delivery";

    public static IServiceCollection AddDeliveryCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = Settings.Seconds(configuration, "Caching:DeliverySeconds", 1.0);
        services.AddSingleton<Generation>();
        services.AddSingleton<Sweep>();
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
                    .AddPolicy<VaryByQueryTheEndpointReads>().AddPolicy<VaryByGeneration>();
            });
        });
        return services;
    }

    /// <summary>Empties the cache whenever any instance commits a change (or changes may have been missed).</summary>
    public static WebApplication EvictDeliveryCacheOnChanges(this WebApplication app)
    {
        var generation = app.Services.GetRequiredService<Generation>();
        var sweep = app.Services.GetRequiredService<Sweep>();
        app.Services.GetRequiredService<Database.ContentChanges>().Evicted += () =>
        {
            generation.Advance();
            sweep.Request();
        };
        return app;
    }

    /// <summary>
    /// For endpoints that answer from a cache of their own (a whole article and its formats, from
    /// the article cache): a second copy per URL and encoding in the micro-cache costs more than it
    /// saves. Measured at 100,000 articles, all of them in the article cache, uniformly random reads:
    /// 9,700 requests/s with the micro-cache storing every answer, 20,000 without it.
    /// </summary>
    public static TBuilder ServedFromOwnCache<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.CacheOutput(policy => policy.NoCache());

    /// <summary>The query parameters an endpoint's handler binds: what its cached answers are keyed on.</summary>
    public static string[] QueryKeysOf(Endpoint endpoint) => VaryByQueryTheEndpointReads.KeysOf(endpoint);

    /// <summary>How long a cached delivery answer is used without asking the database again.</summary>
    public static TimeSpan Window(IConfiguration configuration) =>
        TimeSpan.FromSeconds(Settings.Seconds(configuration, "Caching:DeliverySeconds", 1.0));

    /// <summary>Empties the cache after every successful write (not read) of the endpoints it is on.</summary>
    public static TBuilder EvictsDeliveryCache<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            if (!HttpMethods.IsGet(context.HttpContext.Request.Method) && answer is IStatusCodeHttpResult { StatusCode: >= 200 and < 300 })
            {
                context.HttpContext.RequestServices.GetRequiredService<Generation>().Advance();
                context.HttpContext.RequestServices.GetRequiredService<Sweep>().Request();
            }
            return result;
        });

    /// <summary>
    /// Frees the entries of past generations (no request reaches them once the generation moved on,
    /// so this is about memory, not freshness): one sweep at a time, and one more after it when
    /// asked again meanwhile, however many changes a burst of notifications brings.
    /// </summary>
    public sealed class Sweep(IOutputCacheStore store)
    {
        private int _state; // 0 idle, 1 sweeping, 2 sweeping and asked again

        public void Request()
        {
            if (Interlocked.Exchange(ref _state, 2) == 0)
                _ = RunAsync();
        }

        private async Task RunAsync()
        {
            try
            {
                do
                {
                    Volatile.Write(ref _state, 1);
                    await store.EvictByTagAsync(Tag, default);
                }
                while (Interlocked.CompareExchange(ref _state, 0, 1) == 2);
            }
            catch (Exception)
            {
                Volatile.Write(ref _state, 0); // the entries expire all the same; the next change sweeps again
            }
        }
    }

    /// <summary>How many times this instance's delivery cache was emptied (see the remarks above).</summary>
    public sealed class Generation
    {
        private long _value;

        public string Current => Interlocked.Read(ref _value).ToString(System.Globalization.CultureInfo.InvariantCulture);

        public void Advance() => Interlocked.Increment(ref _value);
    }

    /// <summary>Keys each entry by the generation current when the request began.</summary>
    internal sealed class VaryByGeneration : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            context.CacheVaryByRules.VaryByValues["generation"] = context.HttpContext.RequestServices.GetRequiredService<Generation>().Current;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
    }

    /// <summary>Varies the cache entry by the query parameters the endpoint's handler binds, and no others.</summary>
    internal sealed class VaryByQueryTheEndpointReads : IOutputCachePolicy
    {
        private static readonly ConcurrentDictionary<Endpoint, string[]> Keys = new();

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.GetEndpoint() is not { } endpoint)
                return ValueTask.CompletedTask;
            var keys = KeysOf(endpoint);
            context.CacheVaryByRules.QueryKeys = keys;
            // The framework's key writes "limit=" both for ?limit= and for no limit at all, but
            // the first is a 400 and the second a page: the empty ones are named apart.
            var query = context.HttpContext.Request.Query;
            if (query.Count > 0 && EmptyOnes(query, keys) is { } empty)
                context.CacheVaryByRules.VaryByValues["empty-query"] = empty;
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        /// <returns>The names of the parameters given empty, or null (nearly always, and without allocating).</returns>
        private static string? EmptyOnes(IQueryCollection query, string[] keys)
        {
            string? empty = null;
            foreach (var key in keys)
            {
                if (query.TryGetValue(key, out var value) && Microsoft.Extensions.Primitives.StringValues.IsNullOrEmpty(value))
                    empty = empty is null ? key : $"{empty},{key}";
            }
            return empty;
        }

        internal static string[] KeysOf(Endpoint endpoint) => Keys.GetOrAdd(endpoint, QueryKeysOf);

        private static string[] QueryKeysOf(Endpoint endpoint) =>
            [.. EndpointParameters.Of(endpoint).Where(p => !p.FromRoute).Select(p => p.Name)];
    }
}
