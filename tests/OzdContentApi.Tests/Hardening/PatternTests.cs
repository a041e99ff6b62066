using System.Net;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>A pattern means the same to the service as to the database: "abc\n" is not a slug in either.</summary>
public sealed class PatternTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    public static readonly TheoryData<string> Trailing = new() { "\\n", "\\r\\n", "\\r", "\\t", " ", "\\u0000", "\\u000b" };

    [Theory]
    [MemberData(nameof(Trailing))]
    public async Task Trailing_control_characters_in_pattern_checked_fields_are_a_400_not_a_500(string trailing)
    {
        var writer = await api.ClientWithScopesAsync("write");
        var before = await api.SnapshotAsync();

        await (await writer.PostJsonAsync("/v1/persons", $$"""{"name": "Muster", "slug": "muster{{trailing}}"}""")).ReadValidationProblemAsync("slug");
        await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Muster", "slug": "muster{{trailing}}"}""")).ReadValidationProblemAsync("slug");
        await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Muster", "language": "de{{trailing}}"}""")).ReadValidationProblemAsync("language");

        Assert.Equal(before, await api.SnapshotAsync());
    }

    [Theory]
    [InlineData("%0A")]
    [InlineData("%0D%0A")]
    [InlineData("%09")]
    public async Task A_trailing_control_character_in_an_id_or_slug_is_a_400(string trailing)
    {
        var client = api.CreateClient();
        await (await client.GetAsync($"/v1/articles/usa-und-ukraine{trailing}")).ReadValidationProblemAsync("idOrSlug");
        await (await client.GetAsync($"/v1/persons/wolodymyr-selenskyj{trailing}")).ReadValidationProblemAsync("idOrSlug");
        await (await client.GetAsync($"/v1/articles?person=wolodymyr-selenskyj{trailing}")).ReadValidationProblemAsync("person");
    }
}
