using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Changes;
using OzdContentApi.Revisions;

namespace OzdContentApi.Articles;

/// <summary>How a write to an article ended; endpoints turn it into HTTP.</summary>
public abstract record WriteOutcome
{
    public sealed record Saved(Article Article, string ETag) : WriteOutcome;
    public sealed record Deleted : WriteOutcome;
    public sealed record NotFound(string Detail) : WriteOutcome;
    public sealed record Stale(string CurrentETag) : WriteOutcome;
    public sealed record Conflict(string Detail) : WriteOutcome;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : WriteOutcome;

    public static Invalid At(string path, string message) => new(new Dictionary<string, string[]> { [path] = [message] });
}

/// <summary>An open write transaction on one locked article.</summary>
/// <param name="Current">The article as it was when locked.</param>
public sealed record ArticleEdit(NpgsqlConnection Connection, NpgsqlTransaction Transaction, Article Current, DateTime Now);

/// <summary>
/// The one way an existing article changes: lock it, check If-Match against the ETag of what
/// is stored, apply the change, bump the version, keep the new version as a revision and log
/// what delivery must learn, all in one transaction. Anything that fails rolls all of it back.
/// </summary>
public sealed class ArticleEdits(NpgsqlDataSource db, TimeProvider clock)
{
    private const string BumpSql = "update articles set version = version + 1, updated_at = @Now where id = @Id";

    /// <param name="change">Applies the change; returns an outcome to stop (and roll back) early.</param>
    public async Task<WriteOutcome> EditAsync(IdOrSlug key, IReadOnlyList<string> ifMatch,
        Func<ArticleEdit, Task<WriteOutcome?>> change, CancellationToken ct)
    {
        var now = Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (locked, refused) = await LockAsync(connection, transaction, key, ifMatch, now, ct);
        if (locked is not { } current)
            return refused!;

        if (await change(new ArticleEdit(connection, transaction, current, now)) is { } stop)
            return stop;

        await Dapper.SqlMapper.ExecuteAsync(connection, BumpSql, new { current.Id, Now = now }, transaction);
        var saved = await RecordAsync(connection, transaction, current.Id, current, now, ct);
        await transaction.CommitAsync(ct);
        return new WriteOutcome.Saved(saved, ETags.Of(saved));
    }

    /// <summary>Deletes a locked article after the same precondition check; the change log keeps a tombstone.</summary>
    public async Task<WriteOutcome> DeleteAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct)
    {
        var now = Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (locked, refused) = await LockAsync(connection, transaction, key, ifMatch, now, ct);
        if (locked is not { } current)
            return refused!;

        await Dapper.SqlMapper.ExecuteAsync(connection, "delete from articles where id = @Id", new { current.Id }, transaction);
        await ChangeLog.RecordAsync(connection, transaction, current, null, now);
        await transaction.CommitAsync(ct);
        return new WriteOutcome.Deleted();
    }

    /// <summary>Locks the article until the transaction ends and checks If-Match against the ETag of what is stored.</summary>
    private static async Task<(Article? Current, WriteOutcome? Refused)> LockAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, IdOrSlug key, IReadOnlyList<string> ifMatch, DateTime now, CancellationToken ct)
    {
        var current = await ArticleStore.ReadForUpdateAsync(connection, transaction, key, now, ct);
        if (current is null)
            return (null, NotFound(key));
        var etag = ETags.Of(current);
        return Preconditions.Matches(ifMatch, etag) ? (current, null) : (null, new WriteOutcome.Stale(etag));
    }

    /// <summary>
    /// For a write whose rows are in place: refreshes the search index entry, keeps the revision
    /// and logs the change. The caller commits.
    /// </summary>
    public static async Task<Article> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid id, Article? before, DateTime now, CancellationToken ct)
    {
        await Dapper.SqlMapper.ExecuteAsync(connection, "select refresh_article_search(@Id)", new { Id = id }, transaction);
        var saved = (await ArticleStore.ReadForUpdateAsync(connection, transaction, new IdOrSlug(id, null), now, ct))!;
        await RevisionStore.InsertAsync(connection, transaction, saved);
        await ChangeLog.RecordAsync(connection, transaction, before, saved, now);
        return saved;
    }

    private static WriteOutcome.NotFound NotFound(IdOrSlug key) => new($"There is no article with the id or slug '{key}'.");

    public DateTime Now => clock.GetUtcNow().UtcDateTime;
}
