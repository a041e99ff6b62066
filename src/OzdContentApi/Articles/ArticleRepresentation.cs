using System.Text.Json;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>
/// An article's JSON as every reader gets it, serialised once per write: the same bytes are the
/// response, the ETag's input, the revision and what delivery serves until the next write.
/// </summary>
/// <param name="LiveJson">For a scheduled article, the bytes it reads as once its time has come (status published).</param>
public sealed record ArticleRepresentation(byte[] Json, string ETag, byte[]? LiveJson, string? LiveETag)
{
    public static ArticleRepresentation Of(Article article)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(article, ContentJson.Options);
        byte[]? live = article.Status == ArticleStatus.Scheduled
            ? JsonSerializer.SerializeToUtf8Bytes(article with { Status = ArticleStatus.Published }, ContentJson.Options)
            : null;
        return new ArticleRepresentation(json, ETags.OfJson(json), live, live is null ? null : ETags.OfJson(live));
    }

    /// <summary>Whether a client's If-Match names this version, as read before or after a scheduled time passed, in any encoding.</summary>
    public bool Matches(IReadOnlyList<string> tags) =>
        Preconditions.Matches(tags, ETag) || (LiveETag is not null && Preconditions.Matches(tags, LiveETag));
}
