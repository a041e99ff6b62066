using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>
/// What PostgreSQL announces to the other instances (migration 0021): a write of an article that
/// is published or scheduled before or after it, not a draft's.
/// </summary>
public sealed class ArticleNotificationTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private const string Draft = """{"title": "Nur ein Entwurf", "teaser": "Noch nicht öffentlich."}""";

    [Fact]
    public async Task Only_writes_of_a_published_or_scheduled_article_are_announced_to_other_instances()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var payloads = new ConcurrentQueue<string>();
        await using var listener = new NpgsqlConnection(api.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => payloads.Enqueue(e.Payload);
        await using (var listen = new NpgsqlCommand($"listen {ContentChanges.Channel}", listener))
            await listen.ExecuteNonQueryAsync();

        // An article that is never shown: created, edited, deleted.
        var hidden = await writer.PostJsonAsync("/v1/articles", Draft);
        var hiddenId = (await hidden.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var hiddenEdit = await writer.PutJsonAsync($"/v1/articles/{hiddenId}", Draft.Replace("Entwurf", "Entwurf, überarbeitet"), hidden.ETag());
        await hiddenEdit.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/v1/articles/{hiddenId}", hiddenEdit.ETag())).StatusCode);

        // An article's life: each step says whether delivery could show it before or after.
        var created = await writer.PostJsonAsync("/v1/articles", Draft);
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var etag = created.ETag();
        var announced = 0;
        async Task Step(Func<string, Task<HttpResponseMessage>> write, bool shownBeforeOrAfter)
        {
            var response = await write(etag);
            await response.ReadJsonAsync();
            etag = response.ETag();
            if (shownBeforeOrAfter)
                announced++;
        }
        await Step(e => writer.PutJsonAsync($"/v1/articles/{id}", Draft.Replace("Entwurf", "Entwurf 2"), e), shownBeforeOrAfter: false);
        await Step(e => writer.PostJsonAsync($"/v1/articles/{id}/publish", null, e), shownBeforeOrAfter: true);
        await Step(e => writer.PutJsonAsync($"/v1/articles/{id}", Draft.Replace("Entwurf", "Bericht"), e), shownBeforeOrAfter: true);
        await Step(e => writer.PostJsonAsync($"/v1/articles/{id}/unpublish", null, e), shownBeforeOrAfter: true);
        await Step(e => writer.PutJsonAsync($"/v1/articles/{id}", Draft.Replace("Entwurf", "Entwurf 3"), e), shownBeforeOrAfter: false);
        await Step(e => writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2099-01-01T06:00:00Z"}""", e), shownBeforeOrAfter: true);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/v1/articles/{id}", etag)).StatusCode);
        announced++;

        // Notifications arrive in commit order: once a later write's is heard, every earlier one was.
        var fence = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Nach dem Artikel"}""")).ReadJsonAsync(HttpStatusCode.Created);
        var fenceId = fence.GetProperty("id").GetString()!;
        using (var waited = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!payloads.Contains($"person:{fenceId}"))
                await listener.WaitAsync(waited.Token);
        }

        Assert.DoesNotContain(payloads, p => p.Contains(hiddenId, StringComparison.Ordinal));
        Assert.Equal(announced, payloads.Count(p => p == $"article:{id}"));
        Assert.Equal(5, announced);
    }
}
