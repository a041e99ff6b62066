namespace OzdContentApi.Platform.Http;

/// <summary>
/// What a delivery response contains, for CDNs to purge by: sent as <c>Surrogate-Key</c>
/// (space-separated; Fastly, Varnish) and <c>Cache-Tag</c> (comma-separated; Cloudflare, Akamai).
/// <c>article-&lt;id&gt;</c> for each article in the body, <c>person-&lt;id&gt;</c> for each person,
/// <c>articles</c> (or <c>persons</c>) for lists, whose membership changes with any write.
/// </summary>
public sealed class SurrogateKeys
{
    /// <summary>The smallest header limit among CDNs (Fastly's Surrogate-Key: 16 KB).</summary>
    public const int HeaderLimit = 16 * 1024;

    public const string ArticlesCollection = "articles";
    public const string PersonsCollection = "persons";

    // Kept as the one header value: cached articles each hold one, so a list of key strings and a
    // second joined copy would cost more memory than the article's compressed bytes.
    private SurrogateKeys(IEnumerable<string> keys) => SpaceSeparated = string.Join(' ', keys);

    public IReadOnlyList<string> Keys => SpaceSeparated.Split(' ');
    public string SpaceSeparated { get; }
    public string CommaSeparated => SpaceSeparated.Replace(' ', ',');

    /// <summary>About what this object holds in memory, for caches that count their bytes.</summary>
    public int ByteSize => 48 + 2 * SpaceSeparated.Length;

    public static string Article(Guid id) => $"article-{id}";
    public static string Person(Guid id) => $"person-{id}";

    /// <summary>An article and the persons it names (mentions and glossary links).</summary>
    public static SurrogateKeys ForArticle(Guid id, IEnumerable<Guid> persons) =>
        Of(null, [Article(id), .. persons.Select(Person)]);

    /// <summary>A list of articles: the collection key first, then each article (and person) in it.</summary>
    public static SurrogateKeys ForArticles(IEnumerable<Guid> articles, IEnumerable<Guid>? persons = null) =>
        Of(ArticlesCollection, [.. articles.Select(Article), .. (persons ?? []).Select(Person)]);

    public static SurrogateKeys ForPersons(IEnumerable<Guid> persons) => Of(PersonsCollection, persons.Select(Person));

    public static SurrogateKeys ForPerson(Guid id) => Of(null, [Person(id)]);

    /// <summary>
    /// Distinct keys in order, cut where the comma-separated header would pass the limit. Only lists
    /// can get that long, and their collection key, which comes first, still purges them.
    /// </summary>
    private static SurrogateKeys Of(string? collection, IEnumerable<string> keys)
    {
        var kept = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var length = 0;
        foreach (var key in collection is null ? keys : keys.Prepend(collection))
        {
            if (!seen.Add(key))
                continue;
            if (length + key.Length + 1 > HeaderLimit)
                break;
            kept.Add(key);
            length += key.Length + 1;
        }
        return new SurrogateKeys(kept);
    }

    public void WriteTo(HttpResponse response)
    {
        response.Headers["Surrogate-Key"] = SpaceSeparated;
        response.Headers["Cache-Tag"] = CommaSeparated;
    }
}
