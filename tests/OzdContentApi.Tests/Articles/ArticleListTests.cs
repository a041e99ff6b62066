using System.Net;
using System.Text.Json;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Articles;

public sealed class ArticleListTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Lists_published_articles_newest_first_as_summaries()
    {
        var page = await (await _client.GetAsync("/v1/articles")).ReadJsonAsync();

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([Slug, EuArticleSlug], items.Select(i => i.GetProperty("slug").GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        foreach (var item in items)
        {
            Assert.False(item.TryGetProperty("sections", out _), "a summary carries no sections");
            Assert.False(item.TryGetProperty("persons", out _), "a summary carries no persons");
            Assert.Equal("published", item.GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task A_draft_is_never_listed_and_reads_as_404()
    {
        var page = await _client.GetStringAsync("/v1/articles?limit=100");
        Assert.DoesNotContain(DraftSlug, page);

        var bySlug = await (await _client.GetAsync($"/v1/articles/{DraftSlug}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(DraftSlug, bySlug.GetProperty("detail").GetString());
        await (await _client.GetAsync($"/v1/articles/{DraftId}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_and_the_Link_header()
    {
        var first = await _client.GetAsync("/v1/articles?limit=1");
        var firstPage = await first.ReadJsonAsync();
        Assert.Equal([Slug], firstPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        var cursor = firstPage.GetProperty("nextCursor").GetString();
        Assert.False(string.IsNullOrEmpty(cursor));

        var link = Assert.Single(first.Headers.GetValues("Link"));
        Assert.EndsWith("; rel=\"next\"", link);
        var next = new Uri(link[1..link.IndexOf('>')]);
        Assert.Equal("/v1/articles", next.AbsolutePath);
        Assert.Contains("limit=1", next.Query);
        Assert.Contains($"cursor={cursor}", next.Query);

        var second = await _client.GetAsync(next.PathAndQuery);
        var secondPage = await second.ReadJsonAsync();
        Assert.Equal([EuArticleSlug], secondPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        Assert.Equal(JsonValueKind.Null, secondPage.GetProperty("nextCursor").ValueKind);
        Assert.False(second.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Paging_is_stable_while_newer_articles_are_published()
    {
        var first = await (await _client.GetAsync("/v1/articles?limit=1")).ReadJsonAsync();
        var cursor = first.GetProperty("nextCursor").GetString();

        await api.ExecuteSqlAsync("""
            insert into articles (id, slug, title, status, published_at)
            values ('019b4030-0000-7000-8000-000000000001', 'brand-new', 'Brandneu', 'published', now() - interval '1 minute')
            """);
        try
        {
            var second = await (await _client.GetAsync($"/v1/articles?limit=1&cursor={cursor}")).ReadJsonAsync();
            Assert.Equal([EuArticleSlug], second.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        }
        finally
        {
            await api.ExecuteSqlAsync("delete from articles where slug = 'brand-new'");
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("99999999999999999999")]
    public async Task A_limit_outside_1_to_100_is_a_400_naming_limit(string limit)
    {
        await (await _client.GetAsync($"/v1/articles?limit={limit}")).ReadValidationProblemAsync("limit");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAA")]
    [InlineData("%27%20or%201%3D1--")]
    public async Task A_forged_cursor_is_a_400_naming_cursor(string cursor)
    {
        await (await _client.GetAsync($"/v1/articles?cursor={cursor}")).ReadValidationProblemAsync("cursor");
    }

    [Fact]
    public async Task A_cursor_of_another_list_is_refused()
    {
        var persons = await (await _client.GetAsync("/v1/persons?limit=1")).ReadJsonAsync();
        var personsCursor = persons.GetProperty("nextCursor").GetString();

        await (await _client.GetAsync($"/v1/articles?cursor={personsCursor}")).ReadValidationProblemAsync("cursor");
    }

    [Theory]
    [InlineData("Not%20A%20Slug")]
    [InlineData("UPPER")]
    [InlineData("a--b")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    public async Task An_id_or_slug_that_cannot_name_an_article_is_a_400(string idOrSlug)
    {
        await (await _client.GetAsync($"/v1/articles/{idOrSlug}")).ReadValidationProblemAsync("idOrSlug");
    }

    [Fact]
    public async Task An_unknown_article_is_a_404_problem()
    {
        var problem = await (await _client.GetAsync("/v1/articles/no-such-article")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no-such-article", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_article_scheduled_in_the_past_is_published_without_any_job()
    {
        await api.ExecuteSqlAsync("""
            insert into articles (id, slug, title, status, published_at) values
              ('019b4030-0000-7000-8000-000000000002', 'was-scheduled', 'Geplant, jetzt fällig', 'scheduled', now() - interval '1 second'),
              ('019b4030-0000-7000-8000-000000000003', 'still-scheduled', 'Geplant für später', 'scheduled', now() + interval '1 day')
            """);
        try
        {
            var due = await (await _client.GetAsync("/v1/articles/was-scheduled")).ReadJsonAsync();
            Assert.Equal("published", due.GetProperty("status").GetString());
            await (await _client.GetAsync("/v1/articles/still-scheduled")).ReadProblemAsync(HttpStatusCode.NotFound);

            var list = await _client.GetStringAsync("/v1/articles?limit=100");
            Assert.Contains("was-scheduled", list);
            Assert.DoesNotContain("still-scheduled", list);
        }
        finally
        {
            await api.ExecuteSqlAsync("delete from articles where slug in ('was-scheduled', 'still-scheduled')");
        }
    }
}
