using Dapper;
using Npgsql;
using OzdContentApi.Articles;

namespace OzdContentApi.Changes;

/// <summary>
/// Records, inside the writer's transaction, what delivery clients must learn about an article
/// write: it was published, changed while published, unpublished or deleted. "Published" here
/// includes scheduled: the entry then takes effect at the scheduled time.
/// </summary>
public static class ChangeLog
{
    // Held until commit, so entries get their seq in commit order and a reader that has seen
    // seq n can never later find a smaller one appear. "ozdchng" in ASCII.
    private const long AdvisoryLockKey = 0x6F7A646368_6E67;

    private const string InsertSql = """
        select pg_advisory_xact_lock(@Key);
        insert into content_changes (article_id, kind, version, slug, occurred_at, visible_from)
        values (@ArticleId, @Kind, @Version, @Slug, @Now, greatest(@Now, coalesce(@VisibleFrom, @Now)));
        """;

    /// <param name="before">The article before the write; null when it was just created.</param>
    /// <param name="after">The article after the write; null when it was deleted.</param>
    public static Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Article? before, Article? after, DateTime now)
    {
        var wasLive = IsLive(before);
        var isLive = IsLive(after);
        var kind = (wasLive, isLive, deleted: after is null) switch
        {
            (false, true, _) => "published",
            (true, true, _) => "changed",
            (true, false, true) => "deleted",
            (true, false, false) => "unpublished",
            _ => null,
        };
        if (kind is null)
            return Task.CompletedTask;

        var article = after ?? before!;
        return connection.ExecuteAsync(InsertSql, new
        {
            Key = AdvisoryLockKey, ArticleId = article.Id, Kind = kind, article.Version, article.Slug, Now = now,
            VisibleFrom = isLive ? after!.PublishedAt : null,
        }, transaction);
    }

    private static bool IsLive(Article? article) =>
        article?.Status is ArticleStatus.Published or ArticleStatus.Scheduled;
}
