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
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string UnknownKey = "The API key is unknown or revoked.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
            return AuthenticateResult.NoResult();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Send the key as Authorization: Bearer <key>.");

        var key = await keys.FindActiveAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (key is null)
            return AuthenticateResult.Fail(UnknownKey);

        var claims = key.Scopes.Select(s => new Claim(Scopes.ClaimType, s))
            .Append(new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()))
            .Append(new Claim(ClaimTypes.Name, key.Name));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer realm=\"ozd-content-api\"";
        return base.HandleChallengeAsync(properties);
    }
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
    /// Authentication, then: a request that sends credentials which do not check out is a 401
    /// everywhere, delivery included, so a mistyped preview key is not silently anonymous.
    /// Anything read with a key is private to that caller.
    /// </summary>
    public static WebApplication UseApiKeys(this WebApplication app)
    {
        // CORS first: a browser's preflight carries no key and must be answered as it is.
        app.UseCors();
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization.Count > 0 && context.User.Identity?.IsAuthenticated != true)
            {
                var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
                await context.ChallengeAsync(ApiKeyAuthenticationHandler.SchemeName);
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status401Unauthorized, Detail = result.Failure?.Message ?? ApiKeyAuthenticationHandler.UnknownKey },
                });
                return;
            }
            if (context.User.Identity?.IsAuthenticated == true)
                context.Response.Headers.CacheControl = "private, no-store";
            await next(context);
        });
        app.UseRateLimitsAndTimeouts();
        app.UseAuthorization();
        app.UseOutputCache();
        return app;
    }

    /// <summary>True when the request carries a key with <paramref name="scope"/>.</summary>
    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        Scopes.Granting(scope).Any(s => user.HasClaim(Scopes.ClaimType, s));
}
