using OzdContentApi.Articles;

namespace OzdContentApi.Changes;

/// <summary>
/// Records, inside the writer's transaction, what delivery clients must learn about an article
/// write, and from when: it was published, changed (or corrected) while published, unpublished or
/// deleted. Each entry is also a webhook event (migration 0012). A
/// future publication takes effect at its time, so scheduling a visible article is an
/// unpublish now and a publish then.
/// </summary>
/// <remarks>
/// Nothing here may name an article the public never saw. A write first withdraws the article's
/// entries that have not taken effect yet (a scheduled publication being moved or cancelled):
/// no reader can have seen them, since readers only read what took effect before their own
/// clock. And an article is reported removed only if an entry of its publication has taken effect.
/// Entries are read in (visible_from, seq) order. Writers hold <see cref="AdvisoryLockKey"/>
/// exclusively until commit and stamp visible_from with clock_timestamp() under it; readers
/// hold it shared and read strictly before their own clock_timestamp(). So every entry a reader
/// has not seen yet sorts after what it has seen: neither a late commit nor a scheduled
/// publication can be skipped.
/// </remarks>
public sealed class ChangeLog : IArticleWriteRecorder
{
    /// <summary>"ozdchng" in ASCII.</summary>
    public const long AdvisoryLockKey = 0x6F7A646368_6E67;

    private const string TakeTurnSql = "select pg_advisory_xact_lock(@Key)";

    private const string WithdrawPendingSql =
        "delete from content_changes where article_id = @ArticleId and visible_from > clock_timestamp()";

    private const string InsertSql = """
        insert into content_changes (article_id, kind, version, slug, occurred_at, visible_from)
        values (@ArticleId, @Kind, @Version, @Slug, @Now, greatest(clock_timestamp(), coalesce(@VisibleFrom::timestamptz, '-infinity'::timestamptz)))
        """;

    // A removal only follows an entry that took effect and showed the article (so the public saw
    // it, and has not been told of its removal yet), and it names the slug the public saw last,
    // not one given while the article was hidden.
    private const string InsertRemovalSql = """
        insert into content_changes (article_id, kind, version, slug, occurred_at, visible_from)
        select @ArticleId, @Kind::text, @Version, shown.slug, @Now, clock_timestamp()
        from (select c.slug, c.kind from content_changes c
              where c.article_id = @ArticleId and c.visible_from <= clock_timestamp()
              order by c.visible_from desc, c.seq desc limit 1) shown
        where shown.kind not in ('unpublished', 'deleted')
        """;

    public void Record(ArticleWriteBatch batch, ArticleWrite write)
    {
        var entries = Entries(write.Before, write.After, write.At).ToList();
        if (entries.Count == 0)
            return;
        var article = write.After ?? write.Before!;
        batch.Add(TakeTurnSql, ("Key", AdvisoryLockKey));
        batch.Add(WithdrawPendingSql, ("ArticleId", article.Id));
        foreach (var (kind, visibleFrom) in entries)
        {
            // Readers show an entry's article as of the database's clock (ChangeFeed): an entry must
            // not take effect before its article is public, should the service's clock run ahead.
            batch.Add(kind is "unpublished" or "deleted" ? InsertRemovalSql : InsertSql,
                ("ArticleId", article.Id), ("Kind", kind), ("Version", article.Version), ("Slug", article.Slug),
                ("Now", write.At), ("VisibleFrom", visibleFrom ?? PublicFrom(write.After)));
        }
    }

    /// <summary>
    /// The entries a write makes; a null time means "now". An article is public from the later of
    /// its publication time and its embargo: until then it is pending, and its entry takes effect then.
    /// </summary>
    public static IEnumerable<(string Kind, DateTime? VisibleFrom)> Entries(Article? before, Article? after, DateTime at)
    {
        var wasPublic = PublicFrom(before) <= at;
        var wasPending = PublicFrom(before) > at;

        if (PublicFrom(after) is { } from)
        {
            if (from <= at)
            {
                var corrected = wasPublic && after!.Corrections.Count > before!.Corrections.Count;
                yield return (!wasPublic ? "published" : corrected ? "corrected" : "changed", null);
                yield break;
            }
            if (wasPublic)
                yield return ("unpublished", null);
            // The entry pending until now (if any) was withdrawn, unseen: at its time the public
            // learns of a publication, however often the article was edited before it.
            yield return ("published", from);
        }
        else if (wasPublic || wasPending)
            yield return (after is null ? "deleted" : "unpublished", null);
    }

    /// <summary>When the public may see the article (null: never, as it stands).</summary>
    private static DateTime? PublicFrom(Article? article) =>
        article is { Status: ArticleStatus.Published or ArticleStatus.Scheduled, PublishedAt: { } publishedAt }
            ? (article.EmbargoedUntil is { } until && until > publishedAt ? until : publishedAt)
            : null;
}
