using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>
/// Nothing anonymous names an article the public never saw: not the change feed, not a list,
/// search hit, section list or person's article list, not before its time and not after it was
/// withdrawn. Runs on the real clock, since the feed's horizon is the database's clock.
/// </summary>
public sealed class ChangeFeedPrivacyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_scheduled_article_unpublished_before_its_time_never_appears_anywhere_anonymous()
    {
        var (writer, id, slug, etag) = await ScheduledAsync("Geheimplan wird vorzeitig zurückgezogen", DateTime.UtcNow + Soon);
        var unpublished = await writer.PostJsonAsync($"/v1/articles/{id}/unpublish", null, etag);
        await unpublished.ReadJsonAsync();

        await AssertNowhereAnonymousAsync(id, slug);
        await Task.Delay(Soon + TimeSpan.FromSeconds(1));
        await AssertNowhereAnonymousAsync(id, slug);
    }

    [Fact]
    public async Task A_scheduled_article_deleted_before_its_time_leaves_no_tombstone()
    {
        var (writer, id, slug, etag) = await ScheduledAsync("Geheimplan wird vorzeitig gelöscht", DateTime.UtcNow + Soon);
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/v1/articles/{id}", etag)).StatusCode);

        await AssertNowhereAnonymousAsync(id, slug);
        await Task.Delay(Soon + TimeSpan.FromSeconds(1));
        await AssertNowhereAnonymousAsync(id, slug);
    }

    [Fact]
    public async Task Moving_a_schedule_later_withdraws_the_earlier_time_from_the_feed()
    {
        var (writer, id, slug, etag) = await ScheduledAsync("Geheimplan wird verschoben", DateTime.UtcNow + Soon);
        var moved = await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2099-01-01T06:00:00Z"}""", etag);
        await moved.ReadJsonAsync();

        await Task.Delay(Soon + TimeSpan.FromSeconds(1));
        await AssertNowhereAnonymousAsync(id, slug);
    }

    [Fact]
    public async Task A_removal_names_the_slug_the_public_saw_not_one_given_while_hidden()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Öffentlicher Titel"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        var hidden = await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2099-01-01T06:00:00Z"}""", published.ETag());
        await hidden.ReadJsonAsync();
        var renamed = await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Geheimer neuer Titel", "slug": "geheimer-neuer-titel"}""", hidden.ETag());
        await renamed.ReadJsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await writer.DeleteAsync($"/v1/articles/{id}", renamed.ETag())).StatusCode);

        var feed = await WholeFeedAsync();
        Assert.DoesNotContain("geheimer-neuer-titel", feed);
        var entries = JsonSerializer.Deserialize<JsonElement[]>(feed)!.Where(e => e.GetProperty("articleId").GetString() == id).ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal("oeffentlicher-titel", e.GetProperty("slug").GetString()));
        Assert.Equal("remove", entries[^1].GetProperty("change").GetString());
        // The public lost it once, when it was hidden: deleting it then tells nobody anything new, so
        // no second removal is logged (each entry is a webhook event).
        var log = await api.QueryAsync<string>("select kind from content_changes where article_id = @id::uuid order by seq", ("id", id));
        Assert.Equal(["published", "unpublished"], log);
    }

    private async Task<(HttpClient Writer, string Id, string Slug, string ETag)> ScheduledAsync(string title, DateTime at)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var body = $$"""
            {"title": "{{title}}", "persons": [{"personId": "019b4023-2df0-7646-91ec-ab4622d6ce94", "role": "Präsident"}],
             "sections": [{"type": "report", "paragraphs": ["Streng geheimer Inhalt über Sicherheitsgarantien."]}]}
            """;
        var created = await writer.PostJsonAsync("/v1/articles", body);
        var article = await created.ReadJsonAsync(HttpStatusCode.Created);
        var scheduled = await writer.PostJsonAsync($"/v1/articles/{article.GetProperty("id").GetString()}/publish",
            $$"""{"publishAt": "{{at:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", created.ETag());
        Assert.Equal("scheduled", (await scheduled.ReadJsonAsync()).GetProperty("status").GetString());
        return (writer, article.GetProperty("id").GetString()!, article.GetProperty("slug").GetString()!, scheduled.ETag());
    }

    private async Task AssertNowhereAnonymousAsync(string id, string slug)
    {
        var anonymous = api.CreateClient();
        var answers = new List<(string Path, string Body)> { ("/v1/changes", await WholeFeedAsync()) };
        foreach (var path in new[]
                 {
                     "/v1/articles?limit=100", "/v1/search?q=Sicherheitsgarantien&limit=100", "/v1/sections?limit=100",
                     "/v1/persons/019b4023-2df0-7646-91ec-ab4622d6ce94/articles?limit=100", "/v1/articles?sectionType=report&limit=100",
                 })
        {
            answers.Add((path, await anonymous.GetStringAsync(path)));
        }
        foreach (var (path, body) in answers)
        {
            Assert.False(body.Contains(id, StringComparison.Ordinal), $"{path} names the article's id");
            Assert.False(body.Contains(slug, StringComparison.Ordinal), $"{path} names the article's slug");
        }
        await (await anonymous.GetAsync($"/v1/articles/{slug}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Every item of the anonymous change feed from the start, as one JSON array.</summary>
    private async Task<string> WholeFeedAsync()
    {
        var client = api.CreateClient();
        var items = new List<JsonElement>();
        string? token = null;
        while (true)
        {
            var page = await (await client.GetAsync("/v1/changes?limit=100" + (token is null ? "" : $"&since={token}"))).ReadJsonAsync();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.GetProperty("nextToken").GetString();
            if (!page.GetProperty("hasMore").GetBoolean())
                return JsonSerializer.Serialize(items);
        }
    }
}
