using Npgsql;

namespace OzdContentApi.Articles;

/// <summary>
/// The statements of one article write, sent to PostgreSQL together in one round trip inside
/// the write's transaction. Every value is a parameter.
/// </summary>
public sealed class ArticleWriteBatch(NpgsqlBatch batch)
{
    public void Add(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        batch.BatchCommands.Add(command);
    }

    /// <summary>For values Npgsql cannot type from a null or an empty array (typed arrays for unnest).</summary>
    public void Add(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
            command.Parameters.Add(parameter);
        batch.BatchCommands.Add(command);
    }
}

/// <summary>What one write did to an article.</summary>
/// <param name="Before">The article as it read before (a scheduled article past its time reads as published); null when created.</param>
/// <param name="After">The article as saved; null when deleted.</param>
/// <param name="Representation">The bytes of <paramref name="After"/>; null when deleted.</param>
public sealed record ArticleWrite(Article? Before, Article? After, ArticleRepresentation? Representation, DateTime At);

/// <summary>
/// Something recorded in the same transaction as every article write, so it exists exactly when
/// the write does: the revision, the change log, the outbox. Registered in Program; the article
/// module calls each for every write and knows nothing else about them.
/// </summary>
public interface IArticleWriteRecorder
{
    void Record(ArticleWriteBatch batch, ArticleWrite write);
}
