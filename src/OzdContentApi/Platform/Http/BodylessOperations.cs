using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// A management operation that takes no request body refuses one, with a 400 naming it: a write
/// must not go ahead as if the body were not there (an unpublish sent {"reason": …} would drop
/// the reason without a word, as a misspelt query parameter would be dropped). No body,
/// whitespace or an empty object pass: some generated clients send {} with every POST.
/// </summary>
public static class BodylessOperations
{
    /// <summary>Marks an operation that reads its body itself (declared in OpenAPI by a filter, not by a parameter).</summary>
    public sealed class ReadsItsOwnBody;

    public const string Refusal = "This operation takes no request body; send none (or {}).";

    // Longer than this is never whitespace around {} that a client meant as "nothing".
    private const int MostEmptyBytes = 64;

    public static TBuilder RefusesUnexpectedBodies<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (TakesBody(http) || http.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }
                                || http.Request.ContentLength == 0 || await IsEmptyAsync(http.Request, http.RequestAborted))
                return await next(context);
            var errors = new RequestErrors();
            errors.Add("body", Refusal);
            return errors.ToProblem();
        });

    private static bool TakesBody(HttpContext http) =>
        http.GetEndpoint()?.Metadata is not { } metadata
        || metadata.GetMetadata<IAcceptsMetadata>() is not null || metadata.GetMetadata<ReadsItsOwnBody>() is not null;

    private static async Task<bool> IsEmptyAsync(HttpRequest request, CancellationToken ct)
    {
        var buffer = new byte[MostEmptyBytes + 1];
        var length = 0;
        try
        {
            int read;
            while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), ct)) > 0)
                length += read;
        }
        catch (IOException)
        {
            // Not readable as HTTP (a broken chunk): not an empty body either.
            return false;
        }
        if (length > MostEmptyBytes)
            return false;
        var text = Encoding.UTF8.GetString(buffer, 0, length).Trim().Trim('\uFEFF');
        return text.Length == 0 || (text[0] == '{' && text[^1] == '}' && text[1..^1].Trim().Length == 0);
    }
}
