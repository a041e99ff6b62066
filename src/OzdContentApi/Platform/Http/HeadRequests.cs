namespace OzdContentApi.Platform.Http;

/// <summary>
/// HEAD on every GET route (load balancers probe with it, crawlers check with it): the request
/// runs as the GET it stands for, with its status and headers, and the body is dropped here, on
/// any server. Goes before routing, so routes stay declared once, as GET.
/// </summary>
public static class HeadRequests
{
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                // A 405 lists what the path takes; where that is GET, HEAD is taken too.
                context.Response.OnStarting(static state =>
                {
                    var response = (HttpResponse)state;
                    if (response.StatusCode == StatusCodes.Status405MethodNotAllowed && response.Headers.Allow.ToString() is { Length: > 0 } allow
                        && allow.Split(',', StringSplitOptions.TrimEntries).Contains(HttpMethods.Get) && !allow.Contains(HttpMethods.Head))
                        response.Headers.Allow = $"{allow}, {HttpMethods.Head}";
                    return Task.CompletedTask;
                }, context.Response);
                await next(context);
                return;
            }
            var body = context.Response.Body;
            context.Request.Method = HttpMethods.Get;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = body;
                context.Request.Method = HttpMethods.Head;
            }
        });
        return app;
    }
}
