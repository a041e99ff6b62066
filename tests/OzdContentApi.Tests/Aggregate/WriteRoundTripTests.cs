using System.Net;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>
/// An article write costs a fixed number of database round trips, whatever its size: Npgsql
/// reports every command or batch it sends as an activity, and the commit is one more.
/// </summary>
public sealed class WriteRoundTripTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task Replacing_the_sample_article_whole_takes_at_most_four_round_trips()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var current = await writer.GetAsync($"/v1/articles/{Id}");
        var article = await current.Content.ReadAsStringAsync();
        var input = RebuildSampleArticleInput(article);

        var (response, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, () => writer.PutJsonAsync($"/v1/articles/{Id}", input, current.ETag()));

        await response.ReadJsonAsync();
        // Lock and read, then one batch with every row; the commit is the fourth.
        Assert.InRange(commands, 2, 3);
    }

    [Fact]
    public async Task Adding_a_section_takes_as_many_round_trips_as_a_whole_article()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var current = await writer.GetAsync($"/v1/articles/{Id}");

        var (response, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, () => writer.PostJsonAsync($"/v1/articles/{Id}/sections",
            """{"type": "infobox", "title": "Mini-Infobox", "items": ["Noch ein Fakt"]}""", current.ETag()));

        await response.ReadJsonAsync(HttpStatusCode.Created);
        Assert.InRange(commands, 2, 3);
    }

    /// <summary>The article as read, turned into what a client sends to replace it unchanged.</summary>
    private static string RebuildSampleArticleInput(string article)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(article)!.AsObject();
        foreach (var readOnly in new[] { "id", "language", "status", "publishedAt", "createdAt", "updatedAt", "version", "embargoedUntil", "corrections", "canonicalUrl" })
            node.Remove(readOnly);
        foreach (var person in node["persons"]!.AsArray())
        {
            person!.AsObject().Remove("slug");
            person.AsObject().Remove("name");
        }
        foreach (var section in node["sections"]!.AsArray())
            section!.AsObject().Remove("position");
        return node.ToJsonString();
    }
}
