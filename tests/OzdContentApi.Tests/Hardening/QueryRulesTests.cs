using System.Net;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Reliability;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Hardening;

public sealed class QueryRulesTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("/v1/search?q=Ukraine&q=Moskau", "q")]
    [InlineData("/v1/articles?limit=1&limit=100", "limit")]
    [InlineData("/v1/articles?person=wolodymyr-selenskyj&person=rustem-umerow", "person")]
    [InlineData("/v1/changes?since=a&since=b", "since")]
    public async Task A_query_parameter_given_twice_is_a_400_naming_it(string path, string parameter)
    {
        await (await api.CreateClient().GetAsync(path)).ReadValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task An_If_Modified_Since_in_the_future_is_ignored()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
        request.Headers.TryAddWithoutValidation("If-Modified-Since", DateTime.UtcNow.AddYears(1).ToString("R"));
        await (await api.CreateClient().SendAsync(request)).ReadJsonAsync();
    }

    [Fact]
    public async Task A_write_with_a_query_parameter_it_does_not_take_is_a_400_and_saves_nothing()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        var import = new StringContent("Überschrift\n\nEin Absatz.\nOZD", System.Text.Encoding.UTF8, "text/plain");
        await (await writer.PostAsync("/v1/imports/ozd-text?dryRun[]=true", import)).ReadValidationProblemAsync("dryRun[]");
        await (await writer.PostJsonAsync("/v1/persons?draft=true", """{"name": "Mit Parameter"}""")).ReadValidationProblemAsync("draft");
        Assert.Equal(before, await api.SnapshotAsync());

        var preview = new StringContent("Überschrift\n\nEin Absatz.\nOZD", System.Text.Encoding.UTF8, "text/plain");
        await (await writer.PostAsync("/v1/imports/ozd-text?dryRun=true", preview)).ReadJsonAsync();
    }

    // Base64url that the decoder's validity check takes and its decoding then throws on ("AA="), and
    // other padded or truncated forms: cursors are written unpadded, so each is a 400 on every list.
    [Theory]
    [InlineData("/v1/articles?cursor=", "cursor")]
    [InlineData("/v1/persons?cursor=", "cursor")]
    [InlineData("/v1/persons/wolodymyr-selenskyj/articles?cursor=", "cursor")]
    [InlineData("/v1/sections?cursor=", "cursor")]
    [InlineData("/v1/search?q=Ukraine&cursor=", "cursor")]
    [InlineData("/v1/feeds/articles.atom?cursor=", "cursor")]
    [InlineData("/v1/feeds/articles.rss?cursor=", "cursor")]
    [InlineData("/v1/changes?since=", "since")]
    public async Task A_padded_or_truncated_cursor_is_a_400_on_every_list(string path, string parameter)
    {
        foreach (var cursor in new[] { "AA=", "YQ=", "AA==", "A=", "AAA=", "A", "=" })
            await (await api.CreateClient().GetAsync(path + Uri.EscapeDataString(cursor))).ReadValidationProblemAsync(parameter);
    }

    // A cursor names a position in one list: its route and its filters. Positions of the same
    // kind (an article's publication time and id) were taken by every list of articles.
    [Theory]
    [InlineData("/v1/articles?limit=1", "/v1/persons/wolodymyr-selenskyj/articles")]
    [InlineData("/v1/articles?limit=1", "/v1/articles?person=wolodymyr-selenskyj")]
    [InlineData("/v1/articles?limit=1", "/v1/feeds/articles.atom")]
    [InlineData("/v1/feeds/articles.atom?limit=1", "/v1/feeds/articles.rss")]
    [InlineData("/v1/sections?type=report&limit=1", "/v1/sections?type=commentary")]
    [InlineData("/v1/search?q=Ukraine&limit=1", "/v1/search?q=Miami")]
    public async Task A_cursor_works_only_on_the_list_that_made_it(string list, string other)
    {
        var client = api.CreateClient();
        var first = await client.GetAsync(list);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Every list says where its next page is; the feeds only there.
        var next = first.Headers.GetValues("Link").Single(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal));
        var cursor = System.Web.HttpUtility.ParseQueryString(new Uri(next[1..next.IndexOf('>')]).Query)["cursor"]!;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"{list}&cursor={Uri.EscapeDataString(cursor)}")).StatusCode);
        var separator = other.Contains('?') ? '&' : '?';
        await (await client.GetAsync($"{other}{separator}cursor={Uri.EscapeDataString(cursor)}")).ReadValidationProblemAsync("cursor");
    }
}

public sealed class MicroCacheKeyTests(CachingContentApiFactory api) : IClassFixture<CachingContentApiFactory>
{
    [Fact]
    public async Task An_If_Modified_Since_in_the_future_is_ignored_when_the_micro_cache_answers()
    {
        // A person: whole articles skip the micro-cache (see the next test).
        const string person = "/v1/persons/wolodymyr-selenskyj";
        var anonymous = api.CreateClient();
        var first = await anonymous.GetAsync(person);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var future = new HttpRequestMessage(HttpMethod.Get, person);
        future.Headers.TryAddWithoutValidation("If-Modified-Since", DateTime.UtcNow.AddYears(1).ToString("R"));
        var answer = await anonymous.SendAsync(future);
        Assert.NotNull(answer.Headers.Age); // the micro-cache answered
        Assert.Equal("wolodymyr-selenskyj", (await answer.ReadJsonAsync()).GetProperty("slug").GetString());

        // A real date still validates, from the cache as from the endpoint.
        var since = new HttpRequestMessage(HttpMethod.Get, person);
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await anonymous.SendAsync(since)).StatusCode);
    }

    [Fact]
    public async Task A_whole_article_and_its_formats_come_from_the_article_cache_not_a_second_copy_in_the_micro_cache()
    {
        var anonymous = api.CreateClient();
        foreach (var path in new[] { $"/v1/articles/{Slug}", $"/v1/articles/{Slug}/jsonld", $"/v1/articles/{Slug}/ninjs" })
        {
            var first = await anonymous.GetAsync(path);
            var again = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
            Assert.Null(again.Headers.Age);
        }
        // Lists are still micro-cached: an Age says the cache answered.
        await anonymous.GetAsync("/v1/articles?limit=3");
        Assert.NotNull((await anonymous.GetAsync("/v1/articles?limit=3")).Headers.Age);
    }

    [Fact]
    public async Task An_unknown_query_parameter_does_not_get_past_the_cache()
    {
        var anonymous = api.CreateClient();
        var first = await anonymous.GetStringAsync("/v1/persons?limit=100");

        // A change nobody announces (triggers off, so no NOTIFY evicts the cache): what the cache
        // answers from then shows, and a cache-busting parameter must not reach the database.
        await api.ExecuteSqlAsync("""
            set session_replication_role = replica;
            insert into persons (id, slug, name) values (gen_random_uuid(), 'am-cache-vorbei', 'Am Cache Vorbei');
            """);
        foreach (var bust in new[] { "x=1", "x=2", "_=1733100000", "utm_source=newsletter" })
            Assert.Equal(first, await anonymous.GetStringAsync($"/v1/persons?limit=100&{bust}"));
        // What the endpoint reads still makes its own entry.
        Assert.Contains("am-cache-vorbei", await anonymous.GetStringAsync("/v1/persons?limit=99"));
    }

    [Fact]
    public async Task A_path_that_differs_in_case_is_not_answered_from_the_cache()
    {
        var anonymous = api.CreateClient();
        await (await anonymous.GetAsync($"/v1/articles/{Slug}")).ReadJsonAsync();

        await (await anonymous.GetAsync($"/v1/articles/{Slug.ToUpperInvariant()}")).ReadValidationProblemAsync("idOrSlug");
    }
}
