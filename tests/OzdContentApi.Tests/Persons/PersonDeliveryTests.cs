using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Persons;

public sealed class PersonDeliveryTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Persons_are_listed_by_slug_and_paged()
    {
        var slugs = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await _client.GetAsync("/v1/persons?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"))).ReadJsonAsync();
            slugs.AddRange(page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("slug").GetString()!));
            cursor = page.GetProperty("nextCursor").ValueKind == JsonValueKind.Null ? null : page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(MentionedPersons.Select(p => p.Slug).Order(StringComparer.Ordinal), slugs);
    }

    [Fact]
    public async Task A_person_reads_by_slug_and_by_id_with_every_field()
    {
        var bySlug = await (await _client.GetAsync("/v1/persons/wolodymyr-selenskyj")).ReadJsonAsync();
        var byId = await (await _client.GetAsync($"/v1/persons/{SelenskyjId}")).ReadJsonAsync();

        Assert.Equal(bySlug.GetRawText(), byId.GetRawText());
        Assert.Equal(SelenskyjId, bySlug.GetProperty("id").GetString());
        Assert.Equal("wolodymyr-selenskyj", bySlug.GetProperty("slug").GetString());
        Assert.Equal("Wolodymyr Selenskyj", bySlug.GetProperty("name").GetString());
        Assert.Equal("Präsident der Ukraine seit 2019", bySlug.GetProperty("description").GetString());
        Assert.Equal(1, bySlug.GetProperty("version").GetInt32());
        Assert.EndsWith("Z", bySlug.GetProperty("createdAt").GetString());
    }

    [Fact]
    public async Task An_unknown_person_is_a_404_and_a_bad_one_a_400()
    {
        await (await _client.GetAsync("/v1/persons/nobody-here")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync("/v1/persons/Nobody%20Here")).ReadValidationProblemAsync("idOrSlug");
        await (await _client.GetAsync("/v1/persons?cursor=%%%")).ReadValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_persons_articles_are_the_published_ones_that_mention_them_newest_first()
    {
        var selenskyj = await (await _client.GetAsync("/v1/persons/wolodymyr-selenskyj/articles")).ReadJsonAsync();
        Assert.Equal([Slug, EuArticleSlug], selenskyj.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));

        // Witkoff is also mentioned by the draft, which stays invisible.
        var witkoff = await (await _client.GetAsync("/v1/persons/steve-witkoff/articles")).ReadJsonAsync();
        Assert.Equal([Slug], witkoff.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task A_persons_articles_page_on_the_article_cursor()
    {
        var first = await _client.GetAsync($"/v1/persons/{SelenskyjId}/articles?limit=1");
        var page = await first.ReadJsonAsync();
        Assert.Equal([Slug], page.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Contains("/v1/persons/", Assert.Single(first.Headers.GetValues("Link")));

        var second = await (await _client.GetAsync($"/v1/persons/{SelenskyjId}/articles?limit=1&cursor={page.GetProperty("nextCursor").GetString()}")).ReadJsonAsync();
        Assert.Equal([EuArticleSlug], second.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task A_person_mentioned_nowhere_has_an_empty_list_but_an_unknown_one_is_404()
    {
        await api.ExecuteSqlAsync("insert into persons (id, slug, name) values ('019b4030-0000-7000-8000-0000000000aa', 'niemand-erwaehnt', 'Niemand Erwähnt')");

        try
        {
            var page = await (await _client.GetAsync("/v1/persons/niemand-erwaehnt/articles")).ReadJsonAsync();
            Assert.Empty(page.GetProperty("items").EnumerateArray());
            await (await _client.GetAsync("/v1/persons/gibt-es-nicht/articles")).ReadProblemAsync(HttpStatusCode.NotFound);
        }
        finally
        {
            await api.ExecuteSqlAsync("delete from persons where slug = 'niemand-erwaehnt'");
        }
    }
}
