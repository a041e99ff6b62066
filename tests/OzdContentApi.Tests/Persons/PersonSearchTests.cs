using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Persons;

public sealed class PersonSearchTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Theory]
    [InlineData("Wolo", new[] { "wolodymyr-selenskyj" })]
    [InlineData("selen", new[] { "wolodymyr-selenskyj" })]
    [InlineData("SELENSKYJ", new[] { "wolodymyr-selenskyj" })]
    [InlineData("d", new[] { "dmitri-peskow", "donald-trump", "kirill-dmitrijew" })]
    [InlineData("Jürgen", new[] { "juergen-gross-uebel" })]
    [InlineData("juergen", new[] { "juergen-gross-uebel" })]
    [InlineData("gross", new[] { "juergen-gross-uebel" })]
    [InlineData("Groß", new[] { "juergen-gross-uebel" })]
    [InlineData("übel", new[] { "juergen-gross-uebel" })]
    [InlineData("xyz", new string[0])]
    [InlineData("%", new string[0])]
    public async Task q_matches_the_start_of_the_name_or_of_a_word_in_it_umlaut_insensitive(string q, string[] slugs)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var exists = await _client.GetAsync("/v1/persons/juergen-gross-uebel");
        if (exists.StatusCode == System.Net.HttpStatusCode.NotFound)
            await (await writer.PostJsonAsync("/v1/persons", """{"name": "Jürgen Groß-Übel"}""")).ReadJsonAsync(System.Net.HttpStatusCode.Created);

        var page = await (await _client.GetAsync($"/v1/persons?q={Uri.EscapeDataString(q)}")).ReadJsonAsync();

        Assert.Equal(slugs, page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("slug").GetString()));
    }

    [Theory]
    [InlineData("q=")]
    [InlineData("q=%20")]
    public async Task An_empty_or_blank_q_is_a_400(string query)
    {
        await (await _client.GetAsync($"/v1/persons?{query}")).ReadValidationProblemAsync("q");
    }
}
