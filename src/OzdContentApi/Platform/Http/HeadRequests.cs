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
