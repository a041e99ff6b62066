using Dapper;
using Npgsql;
using OzdContentApi.Articles;

namespace OzdContentApi.Changes;

/// <summary>
/// Records, inside the writer's transaction, what delivery clients must learn about an article
/// write, and from when: it was published, changed while published, unpublished or deleted. A
/// future publication takes effect at its time, so scheduling a visible article is an
/// unpublish now and a publish then.
/// </summary>
/// <remarks>
/// Entries are read in (visible_from, seq) order. Writers hold <see cref="AdvisoryLockKey"/>
/// exclusively until commit and stamp visible_from with clock_timestamp() under it; readers
/// hold it shared and read strictly before their own clock_timestamp(). So every entry a reader
/// has not seen yet sorts after what it has seen: neither a late commit nor a scheduled
/// publication can be skipped.
/// </remarks>
public static class ChangeLog
{
    /// <summary>"ozdchng" in ASCII.</summary>
    public const long AdvisoryLockKey = 0x6F7A646368_6E67;

    private const string InsertSql = """
        select pg_advisory_xact_lock(@Key);
        insert into content_changes (article_id, kind, version, slug, occurred_at, visible_from)
        values (@ArticleId, @Kind, @Version, @Slug, @Now,
                greatest(clock_timestamp(), coalesce(@VisibleFrom, '-infinity'::timestamptz)));
        """;

    /// <param name="before">The article before the write; null when it was just created.</param>
    /// <param name="after">The article after the write; null when it was deleted.</param>
    public static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Article? before, Article? after, DateTime now)
    {
        foreach (var (kind, visibleFrom) in Entries(before, after))
        {
            var article = after ?? before!;
            await connection.ExecuteAsync(InsertSql, new
            {
                Key = AdvisoryLockKey, ArticleId = article.Id, Kind = kind, article.Version, article.Slug, Now = now,
                VisibleFrom = visibleFrom,
            }, transaction);
        }
    }

    /// <summary>The entries a write makes; a null time means "now".</summary>
    public static IEnumerable<(string Kind, DateTime? VisibleFrom)> Entries(Article? before, Article? after)
    {
        var wasVisible = before?.Status == ArticleStatus.Published;
        var wasScheduled = before?.Status == ArticleStatus.Scheduled;

        switch (after?.Status)
        {
            case ArticleStatus.Published:
                yield return (wasVisible ? "changed" : "published", null);
                break;
            case ArticleStatus.Scheduled:
                if (wasVisible)
                    yield return ("unpublished", null);
                yield return (wasScheduled ? "changed" : "published", after.PublishedAt);
                break;
            case null when wasVisible || wasScheduled:
                yield return ("deleted", null);
                break;
            case not null when wasVisible || wasScheduled:
                yield return ("unpublished", null);
                break;
        }
    }
}
