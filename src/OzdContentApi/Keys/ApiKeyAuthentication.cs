using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Keys;

/// <summary><c>Authorization: Bearer &lt;key&gt;</c>. No header means anonymous, which delivery allows.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys,
    BadKeyThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string UnknownKey = "The API key is unknown or revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || RouteKinds.IsHealthProbe(Context))
            return AuthenticateResult.NoResult();
        if (throttle.Throttled(Context) is { } wait)
            return AuthenticateResult.Fail(new KeyGuessingThrottled(wait));
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Refused("Send the key as Authorization: Bearer <key>.");

        var key = await keys.FindActiveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
            return Refused(UnknownKey);

        var claims = key.Scopes.Select(s => new Claim(Scopes.ClaimType, s))
            .Append(new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()))
            .Append(new Claim(ClaimTypes.Name, key.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private AuthenticateResult Refused(string reason)
    {
        throttle.RecordFailure(Context);
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"ozd-content-api\"";
        return base.HandleChallengeAsync(properties);
    }
}

/// <summary>Authentication refused without looking the key up: the address guessed too many keys.</summary>
public sealed class KeyGuessingThrottled(TimeSpan wait) : Exception("Too many requests with unknown API keys from this address.")
{
    public TimeSpan Wait { get; } = wait;
}

/// <summary>401 and 403 as problem details that say what is missing.</summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }

        string detail;
        if (result.Challenged)
        {
            await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
            var authentication = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            detail = authentication.Failure?.Message
                     ?? "This operation needs an API key: send Authorization: Bearer <key>.";
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            var needed = policy.Requirements.OfType<ClaimsAuthorizationRequirement>()
                .Select(r => r.AllowedValues?.FirstOrDefault()).FirstOrDefault() ?? "another";
            detail = $"This API key lacks the '{needed}' scope this operation needs.";
        }

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = context.Response.StatusCode, Detail = detail },
        });
    }
}

public static class ApiKeyAuthenticationSetup
{
    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Scopes.Preview, p => p.RequireClaim(Scopes.ClaimType, Scopes.Granting(Scopes.Preview)))
            .AddPolicy(Scopes.Write, p => p.RequireClaim(Scopes.ClaimType, Scopes.Granting(Scopes.Write)))
            .AddPolicy(Scopes.Admin, p => p.RequireClaim(Scopes.ClaimType, Scopes.Granting(Scopes.Admin)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// Authentication for requests that carry a key (an Authorization header); anonymous ones skip
    /// it. ASP.NET Core's middleware made a handler, its logger and three tasks per anonymous
    /// request only to learn there was nothing to check: a fifth of what an anonymous article read
    /// allocated.
    /// </summary>
    public static WebApplication UseKeyAuthentication(this WebApplication app)
    {
        // WebApplication puts UseAuthentication in front of the whole pipeline unless the
        // application's own builder was marked as having it; a UseWhen branch marks only itself.
        ((IApplicationBuilder)app).Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseWhen(context => context.Request.Headers.Authorization.Count > 0, keyed => keyed.UseAuthentication());
        return app;
    }

    // The key UseAuthentication sets in IApplicationBuilder.Properties (not a public constant).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// After authentication and the rate limiter: a request that sends credentials which do not
    /// check out is a 401 everywhere, delivery included, so a mistyped preview key is not silently
    /// anonymous (and past the bad-key budget of its address, a 429). Anything read with a key is
    /// private to that caller.
    /// </summary>
    public static WebApplication UseRefusedKeys(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true && !RouteKinds.IsHealthProbe(context))
            {
                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                if (result.Failure is KeyGuessingThrottled throttled)
                {
                    await Protection.WriteTooManyAsync(context, throttled.Wait, "Too many requests with unknown API keys from this address");
                    return;
                }
                await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
                await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, result.Failure?.Message ?? ApiKeyAuthenticationHandler.UnknownKey);
                return;
            }
            if (context.User.Identity?.IsAuthenticated == true)
                context.Response.Headers.CacheControl = "private, no-store";
            await next(context);
        });
        return app;
    }

    /// <summary>True when the request carries a key with <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        Scopes.Granting(scope).Any(s => user.HasClaim(Scopes.ClaimType, s));
}
