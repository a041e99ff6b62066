using Microsoft.AspNetCore.Http.Features;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Request bodies are at most 1 MiB; larger ones are a 413 problem, before anything is read when
/// Content-Length says so, else as soon as the 1 MiB is passed while reading.
/// </summary>
public static class RequestLimits
{
    public const long MaxBodyBytes = 1024 * 1024;

    // The server counts a chunked body's framing (sizes and line ends) against its limit, up to five
    // bytes per byte of 1-byte chunks: its limit only bounds the framing, the 1 MiB is counted in
    // UseWholeBodies on the bytes themselves.
    private const long MaxFramedBodyBytes = 6 * MaxBodyBytes;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxFramedBodyBytes);
        return builder;
    }

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge);
            return;
        }
        await next(context);
    });

    public const string TooLarge = "The request body is larger than 1 MiB (1048576 bytes).";

    public const string TooSlow = "The request body did not arrive in time; send it again at a steady pace.";

    /// <summary>
    /// A request's body is read whole, before its handler runs and within the request timeout:
    /// a body that trickles in (fast enough for the server's minimum rate, far too slow to finish)
    /// is a 408 problem, and the connection is closed, instead of a handler waiting on it for as
    /// long as the client likes, or a 503 that blames the service. Bodies are at most 1 MiB; this
    /// goes after authorization, so only a client with a key gets to send one, and only to a
    /// management route's POST, PUT or PATCH: any other body (no route, a GET, a refused media
    /// type) is left to the server to discard.
    /// </summary>
    public static IApplicationBuilder UseWholeBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var takesBody = (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
                        && context.GetEndpoint()?.Metadata.GetMetadata<RouteKinds.ManagementRoute>() is not null;
        if (!takesBody || request.ContentLength is 0)
        {
            await next(context);
            return;
        }
        var whole = new MemoryStream((int)Math.Min(request.ContentLength ?? 16 * 1024, MaxBodyBytes));
        try
        {
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (whole.Length + read > MaxBodyBytes)
                {
                    context.Response.Headers.Connection = "close";
                    await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, TooLarge);
                    return;
                }
                whole.Write(chunk, 0, read);
            }
        }
        catch (OperationCanceledException) when (!context.Response.HasStarted)
        {
            // The request timeout ran out (or the client left, then nobody reads this).
            context.Response.Headers.Connection = "close";
            await Problems.WriteAsync(context, StatusCodes.Status408RequestTimeout, TooSlow);
            return;
        }
        catch (IOException e) when (e is not BadHttpRequestException && !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // What the server could not read as HTTP framing, e.g. a chunk size that overflows
            // (Kestrel says BadHttpRequestException for most framing errors, IOException for that one).
            context.Response.Headers.Connection = "close";
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, $"The request body is not valid HTTP: {e.Message}");
            return;
        }
        whole.Position = 0;
        request.Body = whole;
        // Its length is known now: an empty chunked body is as empty as Content-Length: 0 (an optional body is absent).
        request.Headers.TransferEncoding = default;
        request.ContentLength = whole.Length;
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyRead(whole.Length > 0));
        await next(context);
    });

    private sealed record BodyRead(bool CanHaveBody) : IHttpRequestBodyDetectionFeature;
}
