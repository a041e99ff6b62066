using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Reliability;

/// <summary>The service with the delivery micro-cache on, for long enough that timing plays no part.</summary>
public sealed class CachingContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Caching:DeliverySeconds", "60");
        builder.UseSetting("Caching:ArticleBytes", "16000000");
        // These tests count the database work of reads; the webhook dispatcher's poll would be counted too.
        builder.UseSetting("Webhooks:Dispatch", "false");
    }
}

public sealed class DeliveryCacheTests(CachingContentApiFactory api) : IClassFixture<CachingContentApiFactory>
{
    private const string Insert = """
        insert into articles (id, slug, title, status, published_at)
        values (gen_random_uuid(), @slug, 'Am Cache vorbei', 'published', now() - interval '1 hour')
        """;

    // The micro-cache answers If-None-Match itself; it must take another encoding's tag as the
    // representation's own does (it compared them exactly and answered 200 on lists).
    [Theory]
    [MemberData(nameof(Operations.HttpCachingTests.DeliveryGets), MemberType = typeof(Operations.HttpCachingTests))]
    public async Task The_tag_of_one_encoding_answers_304_for_another(string path)
    {
        var client = api.CreateClient();
        async Task<HttpResponseMessage> Get(string? encoding, string? ifNoneMatch = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (encoding is not null)
                request.Headers.TryAddWithoutValidation("Accept-Encoding", encoding);
            if (ifNoneMatch is not null)
                request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            return await client.SendAsync(request);
        }

        var plain = (await Get(null)).Headers.ETag!.Tag;
        var gzip = (await Get("gzip")).Headers.ETag!.Tag;
        var br = (await Get("br")).Headers.ETag!.Tag;
        Assert.Equal(plain.TrimEnd('"') + "-gzip\"", gzip);

        foreach (var (encoding, tag) in new[] { ("gzip", plain), (null, gzip), ("br", gzip), ("gzip", $"W/{br}"), (null, $"\"other\", {br}") })
        {
            var response = await Get(encoding, tag);
            Assert.True(HttpStatusCode.NotModified == response.StatusCode, $"{path} with {encoding ?? "no encoding"} and {tag}: {response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.OK, (await Get("gzip", "\"other\"")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_reads_come_from_the_cache_keyed_reads_do_not_and_a_change_empties_it()
    {
        var anonymous = api.CreateClient();
        var first = await anonymous.GetStringAsync("/v1/articles?limit=100");

        var (again, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, async () =>
        {
            var pages = new List<string>();
            for (var i = 0; i < 20; i++)
                pages.Add(await anonymous.GetStringAsync("/v1/articles?limit=100"));
            return pages;
        });
        Assert.All(again, page => Assert.Equal(first, page));
        Assert.Equal(0, commands);
        var preview = await api.ClientWithScopesAsync("preview");
        var (_, keyed) = await DatabaseCommands.CountAsync(api.DatabaseName, () => preview.GetStringAsync("/v1/articles?status=published&limit=100"));
        Assert.True(keyed > 0);

        // Written around the API: PostgreSQL announces it, and the cache lets go within moments.
        await api.ExecuteSqlAsync(Insert, ("slug", "am-cache-vorbei"));
        var seen = false;
        for (var i = 0; i < 50 && !seen; i++)
        {
            seen = (await anonymous.GetStringAsync("/v1/articles?limit=100")).Contains("am-cache-vorbei");
            if (!seen)
                await Task.Delay(20);
        }
        Assert.True(seen, "the change was not heard within a second");
    }

    // Search keeps its own answers (see SearchAnswers), under the micro-cache's rules, from the second time one is asked.
    [Fact]
    public async Task Anonymous_searches_are_kept_keyed_ones_are_not_and_a_change_empties_them()
    {
        var anonymous = api.CreateClient();
        const string onePerPage = "/v1/search?q=Ukraine&limit=1";
        const string all = "/v1/search?q=Ukraine&limit=100";
        var first = await anonymous.GetStringAsync(onePerPage);
        Assert.Equal(first, await anonymous.GetStringAsync(onePerPage)); // kept from the second time it is asked
        var before = await anonymous.GetStringAsync(all);

        var (again, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, async () =>
        {
            var answers = new List<(string Body, string Link)>();
            foreach (var extra in new[] { "", "&utm_source=newsletter" })
            {
                var response = await anonymous.GetAsync(onePerPage + extra);
                answers.Add((await response.Content.ReadAsStringAsync(), response.Headers.GetValues("Link").Single()));
            }
            return answers;
        });
        Assert.Equal(0, commands);
        Assert.All(again, answer => Assert.Equal(first, answer.Body));
        // The next page's link is the asking request's own, whoever asked first.
        Assert.DoesNotContain("utm_source", again[0].Link);
        Assert.Contains("utm_source=newsletter", again[1].Link);
        var preview = await api.ClientWithScopesAsync("preview");
        var (_, keyed) = await DatabaseCommands.CountAsync(api.DatabaseName, () => preview.GetStringAsync(onePerPage));
        Assert.True(keyed > 0);

        await api.ExecuteSqlAsync("""
            insert into articles (id, slug, title, status, published_at, search_vector)
            values (gen_random_uuid(), 'ukraine-am-cache-vorbei', 'Ukraine am Cache vorbei', 'published', now() - interval '1 hour',
                    setweight(to_tsvector('german', 'Ukraine am Cache vorbei'), 'A'))
            """);
        Assert.DoesNotContain("ukraine-am-cache-vorbei", before);
        var seen = false;
        for (var i = 0; i < 50 && !seen; i++)
        {
            seen = (await anonymous.GetStringAsync(all)).Contains("ukraine-am-cache-vorbei");
            if (!seen)
                await Task.Delay(20);
        }
        Assert.True(seen, "the change was not heard within a second");
    }

    // When a popular query's answer runs out, the connections asking it must not all search at once.
    [Fact]
    public async Task Searches_that_miss_together_search_once()
    {
        const string query = "/v1/search?q=Gespräche+Miami&limit=7";
        // Nothing may move the cache generation while the searches run: the listener's start does
        // (what it missed is unknown), and after a change everyone waits for a new search.
        var changes = api.Services.GetRequiredService<ContentChanges>();
        for (var i = 0; i < 500 && !changes.Listening; i++)
            await Task.Delay(10);
        // Asked once before, so the answer is kept however the searches below arrive: one that
        // came after the first had finished, with nobody waiting for it, would otherwise search
        // again (an answer asked once is not kept). This also reads the query's words.
        await api.CreateClient().GetStringAsync(query);

        var (bodies, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, () =>
            Task.WhenAll(Enumerable.Range(0, 16).Select(_ => api.CreateClient().GetStringAsync(query))));

        Assert.Single(bodies.Distinct());
        Assert.Contains("usa-und-ukraine-nennen-gespraeche-in-miami", bodies[0]);
        Assert.Equal(1, commands);
    }

    [Fact]
    public async Task Reads_keep_working_while_writes_empty_the_caches()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Oft Geändert"}""");
        var slug = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString();
        var etag = person.ETag();
        using var stop = new CancellationTokenSource();

        var readers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            var client = api.CreateClient();
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                var response = await client.GetAsync($"/v1/articles/{OzdContentApi.Tests.Articles.SampleArticle.Slug}");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                reads++;
            }
            return reads;
        })).ToList();
        for (var i = 0; i < 30; i++)
        {
            var changed = await writer.PutJsonAsync($"/v1/persons/{slug}", $$"""{"name": "Oft Geändert {{i}}"}""", etag);
            await changed.ReadJsonAsync();
            etag = changed.ETag();
        }
        stop.Cancel();

        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));
    }

    // The framework keys "?limit=" and no limit alike; a cached page must not answer the 400.
    [Theory]
    [InlineData("/v1/articles", "limit=")]
    [InlineData("/v1/articles", "person=")]
    [InlineData("/v1/search?q=Miami", "cursor=")]
    [InlineData("/v1/persons", "limit=")]
    public async Task An_empty_parameter_is_the_same_400_whether_or_not_the_page_without_it_is_cached(string path, string empty)
    {
        var client = api.CreateClient();
        var withEmpty = path + (path.Contains('?') ? "&" : "?") + empty;

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(withEmpty)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(withEmpty)).StatusCode);
    }

    [Fact]
    public async Task A_cached_answer_still_answers_If_None_Match_with_304()
    {
        var anonymous = api.CreateClient();
        var response = await anonymous.GetAsync("/v1/persons/wolodymyr-selenskyj");
        await response.ReadJsonAsync();

        var again = new HttpRequestMessage(HttpMethod.Get, "/v1/persons/wolodymyr-selenskyj");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var notModified = await anonymous.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(response.Headers.ETag, notModified.Headers.ETag);
    }
}
