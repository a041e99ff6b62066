using System.Net;
using System.Globalization;
using OzdContentApi.Platform.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Hardening;

/// <summary>Slugs as the shipped build makes them: with InvariantGlobalization, under concurrency.</summary>
public sealed class SlugHardeningTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public void The_tests_run_with_invariant_globalization_as_the_service_ships()
    {
        Assert.True(AppContext.TryGetSwitch("System.Globalization.Invariant", out var invariant) && invariant);
        Assert.Equal("", CultureInfo.CurrentCulture.Name);
    }

    [Theory]
    [InlineData("Café – Crème brûlée", "cafe-creme-brulee")]
    [InlineData("José Müller", "jose-mueller")]
    [InlineData("Łukasz Żółć", "lukasz-zolc")]
    [InlineData("Ju\u0308rgen Gro\u00DF", "juergen-gross")]
    [InlineData("Jose\u0301 Mu\u0308ller", "jose-mueller")]
    [InlineData("Ørsted Æbleskiver Œuvre", "orsted-aebleskiver-oeuvre")]
    [InlineData("Şeyma Çelik Ğ", "seyma-celik-g")]
    [InlineData("Дмитрий Песков", "person")]
    [InlineData("ǅemal Ǉubić Ǌegoš", "dzemal-ljubic-njegos")]
    [InlineData("Ærø ﬃ ﬁnale ﬂuss", "aero-ffi-finale-fluss")]
    [InlineData("ǲenan Ǳ", "dzenan-dz")]
    [InlineData("Ｊｕｅｒｇｅｎ １２", "juergen-12")]
    [InlineData("Zwi\u200Bschen\u00ADraum Wort\u2060verbinder", "zwischenraum-wortverbinder")]
    [InlineData("019B4023-4948-7F24-84B4-6FDCD2BC862F", "person-019b4023-4948-7f24-84b4-6fdcd2bc862f")]
    public void Letters_are_transliterated_not_lost(string name, string slug)
    {
        Assert.Equal(slug, Slugs.From(name, "person"));
    }

    // A slug in a UUID's form would be read as an id: /v1/articles/{slug} would name another article.
    [Fact]
    public async Task A_slug_in_the_form_of_a_UUID_is_a_400_and_the_database_refuses_it_too()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var uuid = Guid.NewGuid().ToString();
        await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Wie eine Id", "slug": "{{uuid}}"}""")).ReadValidationProblemAsync("slug");
        await (await writer.PostJsonAsync("/v1/persons", $$"""{"name": "Wie eine Id", "slug": "{{uuid}}"}""")).ReadValidationProblemAsync("slug");
        var created = await (await writer.PostJsonAsync("/v1/articles", $$"""{"title": "{{uuid}}"}""")).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"artikel-{uuid}", created.GetProperty("slug").GetString());

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            api.ExecuteSqlAsync($"update persons set slug = '{uuid}' where slug = 'wolodymyr-selenskyj'"));
        Assert.Equal("persons_slug_format", refused.ConstraintName);
    }

    [Fact]
    public async Task Twenty_articles_created_at_once_with_one_title_all_get_a_slug_of_their_own()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            writer.PostJsonAsync("/v1/articles", """{"title": "Gleichzeitig gleicher Titel"}""")));

        var slugs = new List<string>();
        foreach (var response in responses)
            slugs.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!);
        Assert.Equal(20, slugs.Distinct().Count());
        Assert.Contains("gleichzeitig-gleicher-titel", slugs);
        Assert.Contains("gleichzeitig-gleicher-titel-20", slugs);
    }

    [Fact]
    public async Task Twenty_persons_created_at_once_with_one_name_all_get_a_slug_of_their_own()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            writer.PostJsonAsync("/v1/persons", """{"name": "José Müller"}""")));

        var slugs = new List<string>();
        foreach (var response in responses)
            slugs.Add((await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("slug").GetString()!);
        Assert.Equal(20, slugs.Distinct().Count());
        Assert.All(slugs, s => Assert.StartsWith("jose-mueller", s));
    }
}
