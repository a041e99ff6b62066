using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;

namespace OzdContentApi.Platform.Http;

/// <summary>Settings under "Protection" in configuration.</summary>
public sealed class ProtectionOptions
{
    /// <summary>Rate limiting on or off (off in the benchmark).</summary>
    public bool RateLimiting { get; set; } = true;

    /// <summary>Requests per window for one API key.</summary>
    public int PerKeyPermits { get; set; } = 3000;

    /// <summary>Requests per window for one client address without a key.</summary>
    public int PerAddressPermits { get; set; } = 600;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A request still running after this is answered 503 and its database work cancelled.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// What keeps one client or one slow request from hurting everyone: rate limits per API key
/// (else per client address) answered 429 with Retry-After, a timeout per request answered 503,
/// and headers that keep browsers from guessing content types. Health probes are never limited.
/// </summary>
public static class Protection
{
    public static WebApplicationBuilder AddProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Protection").Get<ProtectionOptions>() ?? new ProtectionOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

        builder.Services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
        });

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!options.RateLimiting || context.Request.Path.StartsWithSegments("/health"))
                    return RateLimitPartition.GetNoLimiter("unlimited");
                var key = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                return key is not null
                    ? RateLimitPartition.GetFixedWindowLimiter($"key:{key}", _ => Window(options.PerKeyPermits, options.Window))
                    : RateLimitPartition.GetFixedWindowLimiter($"address:{context.Connection.RemoteIpAddress}", _ => Window(options.PerAddressPermits, options.Window));
            });
            limiter.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Detail = $"Too many requests from this {(rejected.HttpContext.User.Identity?.IsAuthenticated == true ? "API key" : "address")}; retry after {seconds} seconds.",
                    },
                });
            };
        });
        return builder;
    }

    /// <summary>Security headers; goes first so every answer, errors included, carries them.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        return app;
    }

    /// <summary>After authentication, so a key's requests count against the key.</summary>
    public static WebApplication UseRateLimitsAndTimeouts(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        return app;
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) => new()
    {
        PermitLimit = permits,
        Window = window,
        QueueLimit = 0,
    };
}
