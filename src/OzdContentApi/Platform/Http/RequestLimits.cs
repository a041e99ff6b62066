using Microsoft.AspNetCore.Http.Features;

namespace OzdContentApi.Platform.Http;

/// <summary>Request bodies are at most 1 MiB; larger ones are a 413 problem before anything is read.</summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxBodyBytes);
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = StatusCodes.Status413PayloadTooLarge, Detail = TooLarge },
            });
            return;
        }
        // Bodies without a Content-Length are cut off by the server while they are read.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        await next(context);
    });

    public const string TooLarge = "The request body is larger than 1 MiB (1048576 bytes).";
}
