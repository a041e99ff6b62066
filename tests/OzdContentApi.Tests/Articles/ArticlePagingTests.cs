using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Articles;

public sealed class ArticlePagingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Paging_while_new_articles_are_published_neither_repeats_nor_skips()
    {
        var writer = await api.ClientWithScopesAsync("write");
        for (var i = 0; i < 14; i++)
            await PublishAsync(writer, $"Bestand {i}", DateTime.UtcNow.AddDays(-30).AddMinutes(i));
        var existing = await AllSlugsAsync("?limit=100");

        var seen = new List<string>();
        string? cursor = null;
        var added = 0;
        do
        {
            var page = await (await _client.GetAsync("/v1/articles?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            // Between pages, newsroom publishes: one now, one backdated a week, one at the very same time as another.
            await PublishAsync(writer, $"Neu {added++}", DateTime.UtcNow);
            await PublishAsync(writer, $"Neu {added++}", DateTime.UtcNow.AddDays(-7));
        } while (cursor is not null && seen.Count < 200);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(existing.Except(seen));
    }

    private async Task<List<string>> AllSlugsAsync(string query)
    {
        var page = await (await _client.GetAsync($"/v1/articles{query}")).ReadJsonAsync();
        return page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()!).ToList();
    }

    private static async Task PublishAsync(HttpClient writer, string title, DateTime at)
    {
        var created = await writer.PostJsonAsync("/v1/articles", JsonSerializer.Serialize(new { title }));
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var publish = await writer.PostJsonAsync($"/v1/articles/{id}/publish", JsonSerializer.Serialize(new { publishAt = at.AddSeconds(-1) }), created.ETag());
        await publish.ReadJsonAsync();
    }
}
