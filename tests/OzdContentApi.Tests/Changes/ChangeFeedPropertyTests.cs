using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Changes;

/// <summary>
/// Random publishes, changes, unpublishes and deletes from several writers at once, while a
/// client syncs small pages at random moments: after a final sync the client holds exactly the
/// published articles, versions included.
/// </summary>
public sealed class ChangeFeedPropertyTests(EmptyContentApiFactory api) : IClassFixture<EmptyContentApiFactory>
{
    [Theory]
    [InlineData(20261124)]
    [InlineData(7)]
    public async Task After_a_final_sync_the_client_holds_exactly_the_published_articles(int seed)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var client = new SyncClient(api.CreateClient());
        var random = new Random(seed);
        using var done = new CancellationTokenSource();

        var writers = Enumerable.Range(0, 3).Select(w => RandomWritesAsync(writer, new Random(seed + w), operations: 70)).ToList();
        var syncing = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                await client.SyncAsync(limit: random.Next(1, 6));
                await Task.Delay(random.Next(0, 15));
            }
        });
        await Task.WhenAll(writers);
        done.Cancel();
        await syncing;
        await client.SyncToEndAsync(limit: 7);

        var published = await PublishedVersionsAsync();
        var synced = client.Articles.OrderBy(p => p.Key).ToDictionary();
        // Name the articles that differ (an intermittent failure under load printed only "Dictionaries differ").
        var differences = published.Keys.Union(synced.Keys)
            .Where(id => published.GetValueOrDefault(id, -1) != synced.GetValueOrDefault(id, -1))
            .Select(id => $"{id}: published version {published.GetValueOrDefault(id, -1)}, synced {synced.GetValueOrDefault(id, -1)} (-1: absent)");
        Assert.True(!differences.Any(), string.Join("; ", differences));
        Assert.Equal(published, synced);
    }

    private async Task<Dictionary<string, int>> PublishedVersionsAsync()
    {
        var page = await (await api.CreateClient().GetAsync("/v1/articles?limit=100")).ReadJsonAsync();
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        return page.GetProperty("items").EnumerateArray()
            .ToDictionary(a => a.GetProperty("id").GetString()!, a => a.GetProperty("version").GetInt32())
            .OrderBy(p => p.Key).ToDictionary();
    }

    /// <summary>Each writer keeps its own articles and their current ETags.</summary>
    private static async Task RandomWritesAsync(HttpClient writer, Random random, int operations)
    {
        var mine = new Dictionary<string, string>();
        var published = new HashSet<string>();
        for (var i = 0; i < operations; i++)
        {
            var choice = mine.Count == 0 ? 0 : random.Next(5);
            if (choice == 0 || mine.Count < 3)
            {
                var created = await writer.PostJsonAsync("/v1/articles", JsonSerializer.Serialize(new { title = $"Artikel {random.Next()}" }));
                var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
                mine[id] = created.ETag();
                continue;
            }

            var (target, etag) = mine.ElementAt(random.Next(mine.Count));
            HttpResponseMessage response = choice switch
            {
                1 => await writer.PostJsonAsync($"/v1/articles/{target}/publish", null, etag),
                2 => await writer.PutJsonAsync($"/v1/articles/{target}", JsonSerializer.Serialize(new { title = $"Geändert {random.Next()}" }), etag),
                3 => await writer.PostJsonAsync($"/v1/articles/{target}/unpublish", null, etag),
                _ => await writer.DeleteAsync($"/v1/articles/{target}", etag),
            };
            if (choice == 4)
            {
                Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
                mine.Remove(target);
            }
            else if (choice == 3 && !published.Contains(target))
            {
                // A draft has nothing to unpublish: 409, and its ETag stays.
                await response.ReadProblemAsync(HttpStatusCode.Conflict);
            }
            else
            {
                await response.ReadJsonAsync();
                mine[target] = response.ETag();
                if (choice == 1)
                    published.Add(target);
                else if (choice == 3)
                    published.Remove(target);
            }
        }
    }
}
