using OzdContentApi.Search;

namespace OzdContentApi.Tests.Search;

/// <summary>The estimate follows PostgreSQL's (ts_selfuncs.c) over tsquery text as PostgreSQL writes it.</summary>
public sealed class QueryShareTests
{
    private static readonly Dictionary<string, double> Shares = new()
    {
        ["ukrain"] = 0.5, ["kreml"] = 0.4, ["miami"] = 0.9, ["gesprach"] = 1.0, ["it's"] = 0.2, ["a\\b"] = 0.3,
    };

    private static double? Estimate(string tsquery) => QueryShare.Estimate(tsquery, Shares, rarestListed: 0.002);

    [Theory]
    [InlineData("'ukrain'", 0.5)]
    [InlineData("'ukrain' & 'kreml'", 0.2)]
    [InlineData("'ukrain' | 'kreml'", 0.7)]
    [InlineData("!'ukrain'", 0.5)]
    [InlineData("'miami' & !'kreml'", 0.54)]
    [InlineData("'ukrain' <-> 'kreml'", 0.2)]
    [InlineData("'ukrain' <3> 'kreml'", 0.2)]
    [InlineData("( 'ukrain' | 'kreml' ) & 'miami'", 0.63)]
    [InlineData("!( 'ukrain' & 'kreml' )", 0.8)]
    [InlineData("'ukrain':A & 'kreml':AB", 0.2)]
    [InlineData("'it''s'", 0.2)]
    [InlineData("'a\\\\b'", 0.3)]
    // A word with an umlaut is searched in both spellings; the one the articles do not use costs nothing.
    [InlineData("'gesprach' & 'miami' | 'gespraech' & 'miami'", 0.90009)]
    public void Combines_the_shares_of_listed_lexemes(string tsquery, double expected) =>
        Assert.Equal(expected, Estimate(tsquery)!.Value, 4);

    [Fact]
    public void An_unlisted_lexeme_counts_half_the_rarest_listed_share_and_never_more_than_half_a_percent()
    {
        Assert.Equal(0.001, Estimate("'quastenflosser'")!.Value, 6);
        Assert.Equal(0.005, QueryShare.Estimate("'quastenflosser'", Shares, rarestListed: 0.3)!.Value, 6);
        Assert.Equal(0.0005, Estimate("'ukrain' & 'quastenflosser'")!.Value, 6);
    }

    [Theory]
    [InlineData("'ukrain':*")]
    [InlineData("'ukrain' &")]
    [InlineData("( 'ukrain'")]
    [InlineData("'ukrain")]
    [InlineData("ukrain")]
    [InlineData("'ukrain' <x> 'kreml'")]
    [InlineData("")]
    public void Text_it_cannot_read_has_no_estimate(string tsquery) => Assert.Null(Estimate(tsquery));
}
