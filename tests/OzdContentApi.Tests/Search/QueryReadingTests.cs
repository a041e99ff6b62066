using Npgsql;
using OzdContentApi.Search;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Search;

/// <summary>
/// A query of plain words is read word by word, and must read exactly as the whole query does:
/// the same tsquery, the same title tsquery, the same lexemes.
/// </summary>
public sealed class QueryReadingTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("Ukraine Kreml")]
    [InlineData("Gespraeche Miami")]
    [InlineData("der Kreml und die Ukraine")]
    [InlineData("Kreml-Sprecher Peskow")]
    [InlineData("Präsident Selenskyj-Berater 3D-Druck")]
    [InlineData("G7 2025 Gipfel")]
    [InlineData("fuer Frieden ueber alles")]
    [InlineData("Straße Müller Oel")]
    [InlineData("Gespra\u0308che Kreml")]
    [InlineData("Kreml Kreml")]
    [InlineData("AEUSSERUNG Übergabe Zuerich Ärger")]
    [InlineData("Sicherheitsgarantien Wiederaufbau Delegationen")]
    [InlineData("l'Europe Brüssel")]
    [InlineData("die der das")]
    [InlineData("ueber")]
    public async Task A_query_of_plain_words_reads_word_by_word_as_it_reads_whole(string typed)
    {
        var (query, _) = SearchQuery.Normalise(typed);
        var words = QueryReadings.PlainWords(query!);
        Assert.NotNull(words);
        await using var connection = await OpenAsync();
        var readings = new QueryReadings();

        var whole = await readings.ReadWholeAsync(connection, query!, CancellationToken.None);
        var wordByWord = await readings.ReadWordByWordAsync(connection, words, CancellationToken.None);

        Assert.Equal(whole.Tsquery, wordByWord.Tsquery);
        Assert.Equal(whole.TitleTsquery, wordByWord.TitleTsquery);
        Assert.Equal(whole.Lexemes.Order(StringComparer.Ordinal), wordByWord.Lexemes.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("\"Kreml Sprecher\" Ukraine")]
    [InlineData("Kreml -Miami")]
    [InlineData("Kreml or Ukraine")]
    public async Task A_phrase_an_exclusion_or_an_or_is_read_whole(string typed)
    {
        var (query, _) = SearchQuery.Normalise(typed);
        await using var connection = await OpenAsync();
        var readings = new QueryReadings();

        var read = await readings.ReadAsync(connection, query!, CancellationToken.None);

        Assert.Null(QueryReadings.PlainWords(query!));
        Assert.Equal((await readings.ReadWholeAsync(connection, query!, CancellationToken.None)).Tsquery, read.Tsquery);
    }

    [Fact]
    public async Task A_new_query_of_known_words_does_not_ask_the_database()
    {
        await using var connection = await OpenAsync();
        var readings = new QueryReadings();
        await readings.ReadAsync(connection, "Ukraine Gespraeche", CancellationToken.None);
        var asked = readings.DatabaseReads;

        var reordered = await readings.ReadAsync(connection, "Gespraeche Ukraine Ukraine", CancellationToken.None);

        Assert.Equal(asked, readings.DatabaseReads);
        Assert.Equal("'gespraech' & 'ukrain' & 'ukrain' | 'gesprach' & 'ukrain' & 'ukrain'", reordered.Tsquery);
        Assert.Equal((await readings.ReadWholeAsync(connection, "Gespraeche Ukraine Ukraine", CancellationToken.None)).Tsquery,
            reordered.Tsquery);
    }

    // Joining kept words costs no round trip; keeping every such query aged garbage into the oldest generation.
    [Fact]
    public async Task Only_readings_the_database_made_are_kept_whole()
    {
        await using var connection = await OpenAsync();
        var readings = new QueryReadings();

        await readings.ReadAsync(connection, "Ukraine Gespraeche", CancellationToken.None);
        await readings.ReadAsync(connection, "Gespraeche Ukraine", CancellationToken.None);
        Assert.Equal(0, readings.QueriesKeptNow);

        await readings.ReadAsync(connection, "\"Gespräche in Miami\"", CancellationToken.None);
        var asked = readings.DatabaseReads;
        await readings.ReadAsync(connection, "\"Gespräche in Miami\"", CancellationToken.None);
        Assert.Equal(1, readings.QueriesKeptNow);
        Assert.Equal(asked, readings.DatabaseReads);
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
