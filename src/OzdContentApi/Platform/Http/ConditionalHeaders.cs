using Microsoft.Net.Http.Headers;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// An If-Modified-Since that is not a date, or names a time later than now, is ignored (RFC 9110
/// 13.1.3): removed before anything answers the request, the micro-cache included, which would
/// otherwise compare it on its own and answer 304.
/// </summary>
public static class ConditionalHeaders
{
    public static WebApplication UseValidConditionalHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var headers = context.Request.Headers;
            if (headers.IfModifiedSince.Count > 0
                && (headers.IfModifiedSince.Count > 1
                    || !HeaderUtilities.TryParseDate(headers.IfModifiedSince.ToString(), out var since)
                    || since > DateTimeOffset.UtcNow))
                headers.Remove(HeaderNames.IfModifiedSince);
            return next(context);
        });
        return app;
    }
}
