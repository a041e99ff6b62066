using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.HttpOverrides;

namespace OzdContentApi.Platform.Http;

/// <summary>Settings under "Protection" in configuration.</summary>
public sealed class ProtectionOptions
{
    /// <summary>Rate limiting on or off (off in the benchmark).</summary>
    public bool RateLimiting { get; set; } = true;

    /// <summary>Requests per window for one API key.</summary>
    public int PerKeyPermits { get; set; } = 6000;

    /// <summary>Requests per window for one client address without a key: a static-site build reads thousands of articles a minute.</summary>
    public int PerAddressPermits { get; set; } = 6000;

    /// <summary>Requests with a key that does not check out, per window and client address; past it, keys are not even looked up.</summary>
    public int BadKeyPermits { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Proxies and load balancers (addresses or CIDR networks, comma-separated) whose
    /// X-Forwarded-For and X-Forwarded-Proto are believed. Empty: none is, and every client is
    /// the address that connected.
    /// </summary>
    public string TrustedProxies { get; set; } = "";

    /// <summary>A request still running after this is answered 503 and its database work cancelled.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// What keeps one client or one slow request from hurting everyone: rate limits per API key
/// (else per client address) answered 429 with the real Retry-After, a timeout per request
/// answered 503, client addresses from trusted proxies only, and headers that keep browsers from
/// guessing content types. Health probes are never limited.
/// </summary>
public static class Protection
{
    public static ProtectionOptions Options(IConfiguration configuration)
    {
        ProtectionOptions options;
        try
        {
            options = configuration.GetSection("Protection").Get<ProtectionOptions>() ?? new ProtectionOptions();
        }
        catch (InvalidOperationException e)
        {
            throw new StartupException($"{e.Message} (Protection__…: numbers, and times as hh:mm:ss)", e);
        }
        if (options.RequestTimeout <= TimeSpan.Zero || options.Window <= TimeSpan.Zero)
            throw new StartupException("Protection__RequestTimeout and Protection__Window must be positive times (hh:mm:ss).");
        if (options.PerKeyPermits < 1 || options.PerAddressPermits < 1 || options.BadKeyPermits < 1)
            throw new StartupException("Protection__PerKeyPermits, Protection__PerAddressPermits and Protection__BadKeyPermits must be at least 1.");
        return options;
    }

    public static WebApplicationBuilder AddProtection(this WebApplicationBuilder builder)
    {
        var options = Options(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Header bytes of 0x80 and above are read as Latin-1 instead of refused by the server
            // with a bare 400: a key with an "ä" in it then gets the application's 401 problem.
            kestrel.RequestHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });

        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Never trusted by default, not even loopback: only what configuration names.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = null;
            foreach (var entry in TrustedProxies(options))
                forwarded.KnownIPNetworks.Add(entry);
        });

        builder.Services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            WriteTimeoutResponse = context => WriteTooSlowAsync(context, options.RequestTimeout),
        });

        builder.Services.AddSingleton<BadKeyThrottle>();
        builder.Services.AddRateLimiter(limiter =>
        {
            // Limits off: no limiter at all. One that answers "no limit" still took the
            // partitioned limiter's lock for every request (2.5 % of a cached read's CPU).
            if (!options.RateLimiting)
                return;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (RouteKinds.IsHealthProbe(context))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                var key = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                return key is not null
                    ? RateLimitPartition.GetTokenBucketLimiter($"key:{key}", _ => Bucket(options.PerKeyPermits, options.Window))
                    : RateLimitPartition.GetTokenBucketLimiter($"address:{context.Connection.RemoteIpAddress}", _ => Bucket(options.PerAddressPermits, options.Window));
            });
            limiter.OnRejected = (rejected, _) =>
            {
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : options.Window;
                var who = rejected.HttpContext.User.Identity?.IsAuthenticated == true ? "API key" : "address";
                return new ValueTask(WriteTooManyAsync(rejected.HttpContext, wait, $"Too many requests from this {who}"));
            };
        });
        return builder;
    }

    /// <summary>Security headers on every answer, errors included: added when the response starts, after anything cleared it.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
        return app;
    }

    /// <summary>Client addresses behind the configured proxies; a no-op when none is configured.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (TrustedProxies(app.Services.GetRequiredService<ProtectionOptions>()).Count > 0)
            app.UseForwardedHeaders();
        return app;
    }

    public static Task WriteTooManyAsync(HttpContext context, TimeSpan wait, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problems.WriteAsync(context, StatusCodes.Status429TooManyRequests, $"{what}; retry after {seconds} seconds.");
    }

    private static Task WriteTooSlowAsync(HttpContext context, TimeSpan timeout)
    {
        context.Response.Headers.RetryAfter = FailureClassification.RetryAfterSeconds;
        return Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
            $"The request did not finish within {timeout.TotalSeconds:0.#} seconds and was stopped. Try again shortly.");
    }

    /// <summary>
    /// A token bucket: up to <paramref name="permits"/> at once, refilled evenly over the window,
    /// so Retry-After is the real time until the next request is allowed.
    /// </summary>
    public static TokenBucketRateLimiterOptions Bucket(int permits, TimeSpan window)
    {
        permits = Math.Max(1, permits);
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, window.Ticks / permits));
        var tokensPerPeriod = (int)Math.Max(1, Math.Round(permits * (double)period.Ticks / window.Ticks));
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            ReplenishmentPeriod = period,
            TokensPerPeriod = tokensPerPeriod,
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }

    private static List<System.Net.IPNetwork> TrustedProxies(ProtectionOptions options)
    {
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in options.TrustedProxies.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (System.Net.IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address))
                networks.Add(new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
                throw new StartupException($"Protection__TrustedProxies: '{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.0/8).");
        }
        return networks;
    }
}

/// <summary>
/// Counts requests whose key does not check out, per client address. Past
/// <see cref="ProtectionOptions.BadKeyPermits"/> in a window, keys from that address are not
/// looked up at all and the answer is 429: guessing keys costs the guesser, not the database.
/// </summary>
public sealed class BadKeyThrottle(ProtectionOptions options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => Protection.Bucket(options.BadKeyPermits, options.Window)));

    /// <returns>How long the address must wait, or null while it may still try keys.</returns>
    public TimeSpan? Throttled(HttpContext context)
    {
        if (!options.RateLimiting)
            return null;
        // The bucket refills continuously, so "any tokens left" is "at least one whole one";
        // only then is a failing acquire made, for its Retry-After.
        var address = Address(context);
        if (_failures.GetStatistics(address) is not { CurrentAvailablePermits: < 1 })
            return null;
        using var refused = _failures.AttemptAcquire(address);
        if (refused.IsAcquired)
            return null;
        return refused.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
    }

    public void RecordFailure(HttpContext context)
    {
        if (options.RateLimiting)
            _failures.AttemptAcquire(Address(context)).Dispose();
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    public void Dispose() => _failures.Dispose();
}
