using System.Net;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Articles;
using OzdContentApi.Tests.Reliability;

namespace OzdContentApi.Tests.Search;

public sealed class SearchRoundTripTests(CachingContentApiFactory api) : IClassFixture<CachingContentApiFactory>
{
    [Fact]
    public async Task A_query_searched_before_is_one_round_trip_a_new_one_two()
    {
        var anonymous = api.CreateClient();
        var first = await anonymous.GetStringAsync("/v1/search?q=Gespr%C3%A4che%20Miami&limit=5");

        // Another page size is another URL (no micro-cache answer), the same query: PostgreSQL's
        // reading of the query is known, only the search runs.
        var (again, known) = await DatabaseCommands.CountAsync(api.DatabaseName,
            () => anonymous.GetAsync("/v1/search?q=Gespr%C3%A4che%20Miami&limit=4"));
        var (_, fresh) = await DatabaseCommands.CountAsync(api.DatabaseName,
            () => anonymous.GetAsync("/v1/search?q=Kreml%20Miami&limit=4"));

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var items = (await again.ReadJsonAsync()).GetProperty("items");
        Assert.True(items.GetArrayLength() > 0);
        Assert.Contains(items[0].GetProperty("article").GetProperty("id").GetString()!, first);
        Assert.Equal(1, known);
        Assert.Equal(2, fresh);
    }

    [Fact]
    public async Task An_articles_search_vector_is_kept_in_its_row_and_lz4_compressed()
    {
        // The sample's vector is too large to be stored uncompressed (migration 0015).
        var id = ("Id", (object?)Guid.Parse(SampleArticle.Id));
        Assert.Equal("lz4", await api.QueryScalarAsync<string>("select pg_column_compression(search_vector) from articles where id = @Id", id));
        Assert.Equal('m', await api.QueryScalarAsync<char>(
            "select attstorage from pg_attribute where attrelid = 'articles'::regclass and attname = 'search_vector'"));
    }
}
