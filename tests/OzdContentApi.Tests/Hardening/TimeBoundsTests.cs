using System.Net;
using System.Text.Json;
using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>Times stay within what every client can represent, and always carry their zone.</summary>
public sealed class TimeBoundsTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    [InlineData("3000-01-01T00:00:01Z")]
    public async Task A_publication_time_out_of_range_is_a_400_and_nothing_is_stored(string publishAt)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Zeitreise"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"publishAt": "{{publishAt}}"}""", created.ETag()))
            .ReadValidationProblemAsync("publishAt");
        Assert.Equal("draft", (await (await writer.GetAsync($"/v1/articles/{id}")).ReadJsonAsync()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("publishedFrom=0001-01-01", "publishedFrom")]
    [InlineData("publishedTo=9999-12-31T00:00:00Z", "publishedTo")]
    [InlineData("publishedFrom=2025-12-01%0A", "publishedFrom")]
    public async Task A_list_filter_out_of_range_or_with_a_trailing_newline_is_a_400(string query, string parameter)
    {
        await (await api.CreateClient().GetAsync($"/v1/articles?{query}")).ReadValidationProblemAsync(parameter);
    }

    [Fact]
    public async Task A_time_finer_than_a_microsecond_reads_back_the_same_from_every_endpoint()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Auf die Mikrosekunde"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();

        var published = await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", """{"publishAt": "2025-06-01T08:00:00.9999999Z"}""", created.ETag()))
            .ReadJsonAsync();

        var anonymous = api.CreateClient();
        var read = await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
        var listed = (await (await anonymous.GetAsync("/v1/articles?limit=100&publishedTo=2025-06-02T00:00:00Z")).ReadJsonAsync())
            .GetProperty("items").EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);
        Assert.Equal("2025-06-01T08:00:00.999999Z", published.GetProperty("publishedAt").GetString());
        Assert.Equal("2025-06-01T08:00:00.999999Z", read.GetProperty("publishedAt").GetString());
        Assert.Equal("2025-06-01T08:00:00.999999Z", listed.GetProperty("publishedAt").GetString());
    }

    [Fact]
    public async Task The_database_refuses_an_infinite_publication_time()
    {
        var refused = await Assert.ThrowsAsync<PostgresException>(() => api.ExecuteSqlAsync(
            "update articles set published_at = 'infinity' where slug = 'usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv'"));
        Assert.Equal(PostgresErrorCodes.CheckViolation, refused.SqlState);
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Utc)]
    public void Every_time_is_written_with_Z_whatever_its_kind(DateTimeKind kind)
    {
        var json = JsonSerializer.Serialize(new { At = new DateTime(2025, 12, 21, 18, 30, 0, kind) }, ContentJson.Options);

        Assert.Matches("\"at\":\"\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z\"", json);
    }
}
