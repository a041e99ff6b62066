using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Persons;

/// <summary>
/// A person's articles come from the person's links, which carry their articles' publication
/// times (migration 0020): the same articles, order and pages as the article list filtered by
/// that person, for every audience, however the times change.
/// </summary>
public sealed class PersonPagesTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static string Body(string title, string personId) => JsonSerializer.Serialize(new
    {
        title,
        persons = new[] { new { personId, role = "erwähnt" } },
        sections = new[] { new { type = "report", paragraphs = new[] { $"{title}." } } },
    });

    [Fact]
    public async Task Are_the_visible_ones_newest_first_for_each_audience_and_follow_a_new_publication_time()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = (await (await writer.PostJsonAsync("/v1/persons", """{"name": "Paula Seitenweise"}""")).ReadJsonAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

        async Task<(string Id, string? ETag)> WriteAsync(string title, string? publish)
        {
            var created = await writer.PostJsonAsync("/v1/articles", Body(title, person));
            var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
            if (publish is null)
                return (id, created.ETag());
            var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", publish, created.ETag());
            await published.ReadJsonAsync();
            return (id, published.ETag());
        }

        var oldest = await WriteAsync("Am ersten", """{"publishAt": "2026-11-01T08:00:00Z"}""");
        var twinA = await WriteAsync("Zwilling A", """{"publishAt": "2026-11-02T08:00:00Z"}""");
        var twinB = await WriteAsync("Zwilling B", """{"publishAt": "2026-11-02T08:00:00Z"}""");
        await WriteAsync("Noch Entwurf", null);
        await WriteAsync("Erst später", """{"publishAt": "2999-01-01T00:00:00Z"}""");
        var embargoed = await WriteAsync("Unter Sperrfrist", """{"publishAt": "2026-11-03T08:00:00Z", "embargoedUntil": "2999-01-01T00:00:00Z"}""");

        // PostgreSQL orders uuids by their bytes, which is the order of their lower-case text.
        var twins = new[] { twinA.Id, twinB.Id }.OrderDescending(StringComparer.Ordinal).ToArray();
        var anonymous = api.CreateClient();
        var syndication = await api.ClientWithScopesAsync("syndication");
        Assert.Equal([.. twins, oldest.Id], await PagesAsync(anonymous, person));
        Assert.Equal([embargoed.Id, .. twins, oldest.Id], await PagesAsync(syndication, person));
        foreach (var client in new[] { anonymous, syndication })
            Assert.Equal(await PagesAsync(client, person), await IdsAsync(client, $"/v1/articles?person={person}&limit=100"));

        // Published again at a later time (no text changed): first on the person's page at once.
        var republished = await writer.PostJsonAsync($"/v1/articles/{oldest.Id}/publish", """{"publishAt": "2026-11-04T08:00:00Z"}""", oldest.ETag);
        await republished.ReadJsonAsync();
        Assert.Equal([oldest.Id, .. twins], await PagesAsync(anonymous, person));
        // And unpublished: gone from it.
        await (await writer.PostJsonAsync($"/v1/articles/{oldest.Id}/unpublish", "", republished.ETag())).ReadJsonAsync();
        Assert.Equal(twins, await PagesAsync(anonymous, person));
    }

    // Page by page, one article a page, following nextCursor.
    private static async Task<List<string>> PagesAsync(HttpClient client, string person)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await (await client.GetAsync($"/v1/persons/{person}/articles?limit=1" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            if (page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null)
                return ids;
            cursor = page.GetProperty("nextCursor").GetString();
        }
        throw new InvalidOperationException("more than 20 pages");
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        [.. (await (await client.GetAsync(path)).ReadJsonAsync()).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetString()!)];
}
