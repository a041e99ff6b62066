using System.Diagnostics;
using System.Net;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>Queries built to stress PostgreSQL's query parser: 200 or 400, never 5xx, always fast.</summary>
public sealed class SearchStressTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static readonly TheoryData<string> Hostile = new()
    {
        new string('-', 40) + "Ukraine",
        string.Concat(Enumerable.Repeat("- ", 60)) + "Ukraine",
        string.Concat(Enumerable.Repeat("-", 199)),
        "Ukraine " + string.Concat(Enumerable.Repeat("-x ", 60)),
        string.Join(" or ", Enumerable.Repeat("Ukraine", 16)),
        string.Join(" or ", Enumerable.Repeat("a", 60)),
        string.Concat(Enumerable.Repeat("\"wort\" ", 28)),
        "\"" + string.Join(" ", Enumerable.Repeat("Ukraine", 40)) + "\"",
        "!!!", "!!! Ukraine", "&|&|", "Ukraine &|&| Moskau", "((((((((((Ukraine", "Ukraine:*", "Ukr:*A", "Ukraine <-> Moskau",
        "Ukraine <2> Moskau", "\\Ukraine\\", "'Ukraine'", "Ukraine''", "or or or Ukraine or or", "-\"\"", "\"\"\"\"Ukraine",
        "a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z", "Ukraine\u200b\u200bMoskau", "💥 Ukraine 💥",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task A_query_built_to_stress_the_parser_is_answered_200_or_400_fast(string q)
    {
        // The service starts with the first client; only the request is timed.
        var client = api.CreateClient();
        var clock = Stopwatch.StartNew();
        var response = await client.GetAsync($"/v1/search?q={Uri.EscapeDataString(q)}");
        var elapsed = clock.Elapsed;

        if (response.StatusCode == HttpStatusCode.OK)
            await response.ReadJsonAsync();
        else
            await response.ReadValidationProblemAsync("q");
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed}");
    }

    [Fact]
    public async Task Phrases_exclusions_and_or_still_work_after_normalising()
    {
        var client = api.CreateClient();
        Assert.NotEmpty((await (await client.GetAsync("/v1/search?q=%22angezogener%20Handbremse%22")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Empty((await (await client.GetAsync("/v1/search?q=Handbremse%20---Diplomatie")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.NotEmpty((await (await client.GetAsync("/v1/search?q=Xylophon%20or%20Handbremse")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
        Assert.NotEmpty((await (await client.GetAsync("/v1/search?q=!!!Handbremse(((")).ReadJsonAsync()).GetProperty("items").EnumerateArray());
    }
}
