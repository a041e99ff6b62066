using System.Text.Json;
using System.Text.Json.Serialization;
using OzdContentApi.Changes;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Webhooks;

/// <summary>
/// What a delivery POSTs: <c>{ type, timestamp, data }</c>, where data names the article or person
/// (id, slug, version), the CDN keys to purge, and the change-feed token right after the change
/// (a receiver that missed events catches up from <c>/v1/changes</c> with it). Made from the
/// event row alone, so every attempt sends the same bytes.
/// </summary>
public sealed record WebhookBody(string Type, DateTime Timestamp, WebhookBody.Subject Data)
{
    public sealed record Subject(Guid Id, string Slug, int Version, IReadOnlyList<string> SurrogateKeys, string ChangesToken);

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = ContentJson.Options.Encoder,
    };

    public static byte[] Of(string type, Guid subjectId, string slug, int version, DateTime dueAt, DateTime? changesVisibleFrom, long? changesSeq)
    {
        var keys = type.StartsWith("person.", StringComparison.Ordinal)
            ? new[] { SurrogateKeys.Person(subjectId), SurrogateKeys.PersonsCollection }
            : new[] { SurrogateKeys.Article(subjectId), SurrogateKeys.ArticlesCollection };
        var token = changesVisibleFrom is { } at && changesSeq is { } seq
            ? new ChangeToken(DateTime.SpecifyKind(at, DateTimeKind.Utc), seq)
            : ChangeToken.Start;
        var body = new WebhookBody(type, DateTime.SpecifyKind(dueAt, DateTimeKind.Utc), new Subject(subjectId, slug, version, keys, token.Encode()));
        return JsonSerializer.SerializeToUtf8Bytes(body, Options);
    }
}
