using Dapper;
using OzdContentApi.Platform.Database;

namespace OzdContentApi.Search;

/// <summary>
/// How common the articles' words are, as PostgreSQL's statistics of articles.search_vector know
/// them (the lexemes ANALYZE found most often, each with the share of rows holding it): what the
/// planner reads to choose a plan, read by the search to choose its statement without asking the
/// planner each time (see <see cref="SearchStore"/>). Read again in the background every few
/// minutes; until the first reading, and in a database never analysed, nothing is known.
/// </summary>
public sealed class LexemeShares(ReplicaReads reads, ILogger<LexemeShares> logger)
{
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMinutes(5);

    // For tsvector the shares end with the rarest and the most common one (ts_typanalyze.c).
    private const string StatisticsSql = """
        select most_common_elems::text::text[] as Lexemes, most_common_elem_freqs as Shares
        from pg_stats
        where schemaname = current_schema() and tablename = 'articles' and attname = 'search_vector'
        """;

    private sealed record Known(IReadOnlyDictionary<string, double> Shares, double RarestListed);

    private volatile Known? _known;
    private long _readAgainAt;
    private int _reading;

    /// <returns>The share of articles <paramref name="tsquery"/> matches, or null when the statistics or the query's form are not known.</returns>
    public double? ShareMatching(string tsquery)
    {
        ReadAgainWhenOld();
        return _known is { } known ? QueryShare.Estimate(tsquery, known.Shares, known.RarestListed) : null;
    }

    private void ReadAgainWhenOld()
    {
        if (Environment.TickCount64 < Volatile.Read(ref _readAgainAt) || Interlocked.Exchange(ref _reading, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            try
            {
                await ReadAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                // The search goes on with what it knew (or plans every query, as without statistics).
                logger.LogWarning("The search could not read the database's word statistics: {Reason}", e.Message);
            }
            finally
            {
                Volatile.Write(ref _readAgainAt, Environment.TickCount64 + (long)ReadEvery.TotalMilliseconds);
                Volatile.Write(ref _reading, 0);
            }
        });
    }

    /// <summary>Reads the statistics now.</summary>
    public async Task ReadAsync(CancellationToken ct)
    {
        var row = await reads.ReadAsync(connection =>
            connection.QueryFirstOrDefaultAsync<(string[]? Lexemes, float[]? Shares)>(new CommandDefinition(StatisticsSql, cancellationToken: ct)), ct);
        _known = row is ({ } lexemes, { } shares) && shares.Length == lexemes.Length + 2
            ? new Known(lexemes.Select((lexeme, i) => (lexeme, share: (double)shares[i])).ToDictionary(p => p.lexeme, p => p.share, StringComparer.Ordinal),
                shares[^2])
            : null;
    }
}
