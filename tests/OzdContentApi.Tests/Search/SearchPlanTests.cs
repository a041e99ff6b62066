using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Database;
using OzdContentApi.Search;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Search;

/// <summary>
/// A query most articles match is sent as a prepared statement that walks the publication index;
/// every other one is planned each time. Which one runs must never change what is found.
/// </summary>
public sealed class SearchPlanTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>, IAsyncLifetime
{
    private const string Word = "Hafenkran";

    // xunit makes an instance per test; the articles are written once per database.
    private static readonly ConditionalWeakTable<ContentApiFactory, Task> Written = new();

    public Task InitializeAsync() => Written.GetValue(api, WriteArticlesAsync);

    private static async Task WriteArticlesAsync(ContentApiFactory api)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var articles = new (string Title, string Paragraph, string? EmbargoedUntil)[]
        {
            ($"Der {Word} im Sturm", $"Am Kai stand der {Word} still, die Kaimauer hielt.", null),
            ("Hafen ohne Arbeit", $"Ein {Word} und noch ein {Word} warten auf Schiffe.", null),
            ("Neue Kaimauer", $"Die Kaimauer wird erneuert; der {Word} am Ende des Kais bleibt.", null),
            ($"{Word} verkauft", "Der alte Kran geht an ein Museum.", null),
            ("Ruhiger Morgen", $"Kein Wind, der {Word} dreht sich.", null),
            ("Nachtschicht", $"Unter Flutlicht arbeitet der {Word} am {Word}platz.", null),
            ($"Vorab: der {Word} kommt", $"Erst später öffentlich: der neue {Word}.", "2999-01-01T00:00:00Z"),
        };
        foreach (var (title, paragraph, embargoedUntil) in articles)
        {
            var created = await writer.PostJsonAsync("/v1/articles",
                JsonSerializer.Serialize(new { title, sections = new[] { new { type = "report", paragraphs = new[] { paragraph } } } }));
            var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
            var publish = embargoedUntil is null ? "{}" : JsonSerializer.Serialize(new { embargoedUntil });
            await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", publish, created.ETag())).ReadJsonAsync();
        }
        await api.ExecuteSqlAsync("analyze articles");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_word_most_articles_hold_takes_the_walk_once_the_statistics_are_read_and_a_rare_one_never()
    {
        var store = api.Services.GetRequiredService<SearchStore>();
        var common = await TsqueryAsync(Word);
        var rare = await TsqueryAsync("Kaimauer");
        var unknown = await TsqueryAsync("Quastenflosser");
        var freshShares = new LexemeShares(api.Services.GetRequiredService<ReplicaReads>(), NullLogger<LexemeShares>.Instance);
        Assert.Null(freshShares.ShareMatching(common));

        await api.Services.GetRequiredService<LexemeShares>().ReadAsync(CancellationToken.None);

        var shares = api.Services.GetRequiredService<LexemeShares>();
        Assert.InRange(shares.ShareMatching(common)!.Value, 0.5, 1);
        Assert.InRange(shares.ShareMatching(rare)!.Value, 0.01, SearchStore.WalkFrom - 0.01);
        Assert.InRange(shares.ShareMatching(unknown)!.Value, 0, 0.005);
        Assert.Equal(SearchPlan.Walk, store.PlanFor(common));
        Assert.Equal(SearchPlan.Indexed, store.PlanFor(rare));
        Assert.Equal(SearchPlan.Indexed, store.PlanFor($"{common} & {unknown}"));
    }

    [Theory]
    [InlineData(Word)]
    [InlineData(Word + " Kaimauer")]
    [InlineData(Word + " -Kaimauer")]
    [InlineData("\"der " + Word + "\"")]
    [InlineData("Kaimauer or Museum")]
    [InlineData("Gespräche Miami")]
    public async Task Both_plans_find_the_same_hits_in_the_same_order_on_every_page(string q)
    {
        var store = api.Services.GetRequiredService<SearchStore>();
        var query = SearchQuery.Normalise(q).Query!;
        foreach (var audience in Enum.GetValues<Audience>())
        {
            var indexed = await AllPagesAsync(store, query, audience, SearchPlan.Indexed);
            var walked = await AllPagesAsync(store, query, audience, SearchPlan.Walk);

            Assert.NotEmpty(indexed);
            Assert.Equal(indexed, walked);
        }
        if (q == Word)
        {
            Assert.Equal(6, (await AllPagesAsync(store, query, Audience.Public, SearchPlan.Walk)).Count);
            Assert.Equal(7, (await AllPagesAsync(store, query, Audience.Syndication, SearchPlan.Walk)).Count);
        }
    }

    [Fact]
    public async Task A_search_waits_for_its_turn_while_as_many_as_allowed_are_at_the_database()
    {
        var store = api.Services.GetRequiredService<SearchStore>();
        var held = 0;
        while (store.Turns.Wait(0))
            held++;
        Assert.Equal(2 * Environment.ProcessorCount, held);

        var waiting = api.CreateClient().GetAsync($"/v1/search?q={Word}&limit=3");
        await Task.Delay(500);
        Assert.False(waiting.IsCompleted);
        store.Turns.Release(held);

        Assert.Equal(3, (await (await waiting).ReadJsonAsync()).GetProperty("items").GetArrayLength());
    }

    // Pages of two, each hit as the JSON the endpoint would send, with its cursor position.
    private static async Task<List<string>> AllPagesAsync(SearchStore store, string query, Audience audience, SearchPlan plan)
    {
        var hits = new List<string>();
        SearchPosition? after = null;
        while (true)
        {
            var page = await store.SearchAsync(query, after, 2, audience, plan, CancellationToken.None);
            hits.AddRange(page.Select(h => JsonSerializer.Serialize(h.Hit) + " " + h.Position));
            if (page.Count < 2)
                return hits;
            after = page[^1].Position;
        }
    }

    // Most queries have no "ae", "oe" or "ue": "x | x" would cost PostgreSQL both halves for what x alone finds.
    [Theory]
    [InlineData("Ukraine Kreml", "'ukrain' & 'kreml'")]
    [InlineData("Gespräche -Miami", "'gesprach' & !'miami'")]
    [InlineData("Gespraeche", "'gespraech' | 'gesprach'")]
    public async Task A_query_gets_a_second_spelling_only_where_the_umlauts_make_one(string q, string searched)
    {
        var tsquery = await api.QueryScalarAsync<string>(QueryReadings.QuerySql, ("Query", q), ("QueryWithUmlauts", SearchQuery.WithUmlauts(q)));

        Assert.Equal(searched, tsquery);
    }

    [Fact]
    public async Task A_query_ored_with_itself_ranks_as_the_query_alone()
    {
        var differing = await api.QueryScalarAsync<long>("""
            select count(*) from articles, (select websearch_to_tsquery('german', @Words) as q) query
            where ts_rank_cd(search_vector, q) <> ts_rank_cd(search_vector, q || q)
               or (search_vector @@ q) <> (search_vector @@ (q || q))
            """, ("Words", Word + " Kaimauer"));
        var ranked = await api.QueryScalarAsync<long>(
            "select count(*) from articles where ts_rank_cd(search_vector, websearch_to_tsquery('german', @Words)) > 0", ("Words", Word));

        Assert.True(ranked >= 5, $"{ranked} articles hold the word");
        Assert.Equal(0, differing);
    }

    private Task<string> TsqueryAsync(string words) =>
        api.QueryScalarAsync<string>("select websearch_to_tsquery('german', @Words)::text", ("Words", words));
}
