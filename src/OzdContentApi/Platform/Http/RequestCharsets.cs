using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// Request bodies are UTF-8 (JSON must be, RFC 8259; the import's text too). A charset may be
/// quoted (RFC 9110: <c>charset="utf-8"</c> is <c>charset=utf-8</c>) and is passed on unquoted;
/// any other charset (US-ASCII is read as the UTF-8 it is part of), an empty one, a Content-Type
/// that is no media type, a media type the operation does not declare, or a compressed body
/// (Content-Encoding) is a 415 problem here, before a body reader fails on a name it does not know.
/// </summary>
public static class RequestCharsets
{
    private static readonly string[] Taken = ["utf-8", "us-ascii"];

    public static WebApplication UseUtf8Bodies(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentType is not { } contentType
                || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsOptions(request.Method))
            {
                await next(context);
                return;
            }
            if (request.Headers.ContentEncoding.Count > 0 && !request.Headers.ContentEncoding.ToString().Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                await RefuseAsync(context, $"A request body is taken as it is: Content-Encoding '{request.Headers.ContentEncoding}' is not.");
                return;
            }
            if (!MediaTypeHeaderValue.TryParse(contentType, out var type))
            {
                await RefuseAsync(context, $"The Content-Type '{contentType}' is not a media type; send application/json (UTF-8).");
                return;
            }
            // ASP.NET Core would read any application/*+json as JSON: a merge patch sent to a PUT
            // would replace the article whole. An operation takes the media types it declares.
            if (context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
                && !accepts.ContentTypes.Contains(type.MediaType.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                await RefuseAsync(context, $"This operation takes {string.Join(" or ", accepts.ContentTypes)}, not '{type.MediaType}'.");
                return;
            }
            var charset = type.Parameters.FirstOrDefault(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase));
            if (charset is not null)
            {
                var name = HeaderUtilities.RemoveQuotes(charset.Value).ToString();
                if (!Taken.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    await RefuseAsync(context, $"The charset '{charset.Value}' is not taken: send {type.MediaType} as UTF-8 (charset=utf-8, or none).");
                    return;
                }
                // US-ASCII is UTF-8's subset: a body so labelled that holds UTF-8 anyway is read as what it is, not as '?'.
                request.ContentType = $"{type.MediaType}; charset=utf-8";
            }
            await next(context);
        });
        return app;
    }

    private static Task RefuseAsync(HttpContext context, string detail) =>
        Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, detail);
}
