using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Conditional headers made what every answer reads the same way, before anything answers the
/// request, the micro-cache included (it compares them on its own and answers 304):
/// an If-Modified-Since that is not a date, or names a time later than now, is ignored (RFC 9110
/// 13.1.3); a GET's If-None-Match names each of its tags in every encoding ("…-br", "…-gzip"), so
/// the tag of one encoding answers 304 for another, as a tag read in any encoding does for writes.
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
            if (headers.IfNoneMatch.Count > 0 && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
                headers.IfNoneMatch = InEveryEncoding(headers.IfNoneMatch);
            return next(context);
        });
        return app;
    }

    private static StringValues InEveryEncoding(StringValues ifNoneMatch)
    {
        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags) || tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
            return ifNoneMatch;
        return string.Join(", ", tags
            .SelectMany(t => ETags.InEveryEncoding(t.Tag.ToString()).Select(tag => t.IsWeak ? "W/" + tag : tag))
            .Distinct(StringComparer.Ordinal));
    }
}
