using System.Text;
using OzdContentApi.Articles;

namespace OzdContentApi.Revisions;

/// <summary>Keeps every saved version whole, as the API showed it after the write: the write's own bytes.</summary>
public sealed class RevisionRecorder : IArticleWriteRecorder
{
    private const string InsertSql = """
        insert into article_revisions (article_id, version, saved_at, snapshot)
        values (@ArticleId, @Version, @SavedAt, @Snapshot::jsonb)
        """;

    public void Record(ArticleWriteBatch batch, ArticleWrite write)
    {
        if (write is { After: { } article, Representation: { } representation })
            batch.Add(InsertSql, ("ArticleId", article.Id), ("Version", article.Version), ("SavedAt", article.UpdatedAt),
                ("Snapshot", Encoding.UTF8.GetString(representation.Json)));
    }
}
