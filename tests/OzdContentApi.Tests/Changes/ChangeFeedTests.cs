using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Changes;

public sealed class ChangeFeedTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task A_first_sync_delivers_the_published_articles_and_later_syncs_the_changes()
    {
        var client = new SyncClient(api.CreateClient());
        await client.SyncAsync(limit: 100);
        Assert.Equal(new[] { Id, "019b4023-4948-7f24-84b4-6fdcd2bc862f" }.Order(), client.Articles.Keys.Order());

        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Frisch"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        var page = await client.SyncAsync(limit: 100);
        var upsert = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("upsert", upsert.GetProperty("change").GetString());
        Assert.Equal(2, upsert.GetProperty("article").GetProperty("version").GetInt32());

        await (await writer.DeleteAsync($"/v1/articles/{id}", published.ETag())).ReadJsonAsync(HttpStatusCode.NoContent).ContinueWith(_ => 0);
        var removal = Assert.Single((await client.SyncAsync(limit: 100)).GetProperty("items").EnumerateArray());
        Assert.Equal("remove", removal.GetProperty("change").GetString());
        Assert.Equal(JsonValueKind.Null, removal.GetProperty("article").ValueKind);
        Assert.DoesNotContain(id, client.Articles.Keys);

        var quiet = await client.SyncAsync(limit: 100);
        Assert.Empty(quiet.GetProperty("items").EnumerateArray());
        Assert.False(quiet.GetProperty("hasMore").GetBoolean());
    }

    [Fact]
    public async Task Pages_say_when_more_is_ready_and_link_to_it()
    {
        var first = await api.CreateClient().GetAsync("/v1/changes?limit=1");
        var page = await first.ReadJsonAsync();

        Assert.True(page.GetProperty("hasMore").GetBoolean());
        Assert.Contains($"since={page.GetProperty("nextToken").GetString()}", Assert.Single(first.Headers.GetValues("Link")));
    }

    [Theory]
    [InlineData("since=nonsense", "since")]
    [InlineData("since=YQjeQL7zHkQAAZtAIzHYfHKdKqFc2nuaPwAAAAA", "since")]
    [InlineData("limit=0", "limit")]
    public async Task A_bad_token_or_limit_is_a_400(string query, string parameter)
    {
        await (await api.CreateClient().GetAsync($"/v1/changes?{query}")).ReadValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task A_token_from_the_future_was_never_handed_out_and_is_a_400()
    {
        // Well formed, but it would hold a client past every change to come.
        var forged = new OzdContentApi.Changes.ChangeToken(new DateTime(9999, 12, 31, 0, 0, 0, DateTimeKind.Utc), 1).Encode();
        await (await api.CreateClient().GetAsync($"/v1/changes?since={forged}")).ReadValidationProblemAsync("since");
    }
}

/// <summary>A mobile app's local copy: applies pages of the feed in order.</summary>
public sealed class SyncClient(HttpClient http)
{
    public Dictionary<string, int> Articles { get; } = [];
    public string? Token { get; private set; }

    /// <summary>One page; returns it.</summary>
    public async Task<JsonElement> SyncAsync(int limit)
    {
        var page = await (await http.GetAsync($"/v1/changes?limit={limit}" + (Token is null ? "" : $"&since={Token}"))).ReadJsonAsync();
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            var id = item.GetProperty("articleId").GetString()!;
            if (item.GetProperty("change").GetString() == "upsert")
                Articles[id] = item.GetProperty("article").GetProperty("version").GetInt32();
            else
                Articles.Remove(id);
        }
        Token = page.GetProperty("nextToken").GetString();
        return page;
    }

    /// <summary>Pages until nothing more is ready.</summary>
    public async Task SyncToEndAsync(int limit)
    {
        while ((await SyncAsync(limit)).GetProperty("hasMore").GetBoolean())
        {
        }
    }
}
