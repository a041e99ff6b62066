using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Text;

namespace OzdContentApi.Tests.Management;

public sealed class SlugTests
{
    [Theory]
    [InlineData("Gespräche über Sicherheitsgarantien", "gespraeche-ueber-sicherheitsgarantien")]
    [InlineData("Wolodymyr Selenskyj", "wolodymyr-selenskyj")]
    [InlineData("Straße der Größe", "strasse-der-groesse")]
    [InlineData("ÄRGER ÜBER ÖL", "aerger-ueber-oel")]
    [InlineData("USA und Ukraine nennen Gespräche in Miami „produktiv und konstruktiv“", "usa-und-ukraine-nennen-gespraeche-in-miami-produktiv-und-konstruktiv")]
    [InlineData("Café – Crème brûlée", "cafe-creme-brulee")]
    [InlineData("  20-Punkte-Plan!  ", "20-punkte-plan")]
    [InlineData("„“–", "artikel")]
    public void Slugs_transliterate_German_and_join_words_with_hyphens(string title, string slug)
    {
        Assert.Equal(slug, Slugs.From(title, "artikel"));
        Assert.True(IdOrSlug.IsSlug(Slugs.From(title, "artikel")));
    }

    [Fact]
    public void A_long_title_is_cut_at_a_word_boundary_with_room_for_a_suffix()
    {
        var slug = Slugs.From(string.Join(' ', Enumerable.Repeat("Sicherheitsgarantien", 30)), "artikel");

        Assert.True(slug.Length <= 190);
        Assert.True(IdOrSlug.IsSlug(Slugs.WithSuffix(slug, 99)));
        Assert.EndsWith("sicherheitsgarantien", slug);
    }
}
