using Npgsql;
using NpgsqlTypes;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Articles;

/// <summary>
/// The statements that store an article: its row with its representation, then its persons and
/// sections as whole lists (unnest of arrays, one statement each whatever their number).
/// </summary>
internal static class ArticleRows
{
    private const string InsertSql = """
        insert into articles (id, slug, title, teaser, language, status, published_at, source, image_credit, disclaimer,
                              extras, created_at, updated_at, version, representation, etag, live_representation, live_etag,
                              representation_at)
        values (@Id, @Slug, @Title, @Teaser, @Language, @Status, @PublishedAt, @Source, @ImageCredit, @Disclaimer,
                @Extras, @CreatedAt, @UpdatedAt, @Version, @Representation, @ETag, @LiveRepresentation, @LiveETag, @UpdatedAt)
        """;

    private const string UpdateSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, status = @Status,
            published_at = @PublishedAt, source = @Source, image_credit = @ImageCredit, disclaimer = @Disclaimer,
            extras = @Extras, updated_at = @UpdatedAt, version = @Version, representation = @Representation, etag = @ETag,
            live_representation = @LiveRepresentation, live_etag = @LiveETag, representation_at = @UpdatedAt
        where id = @Id
        """;

    private const string ReplacePersonsSql = """
        delete from article_persons where article_id = @Id;
        """;

    private const string InsertPersonsSql = """
        insert into article_persons (article_id, person_id, position, role)
        select @Id, m.person_id, m.position, m.role
        from unnest(@PersonIds, @PersonPositions, @PersonRoles) as m(person_id, position, role)
        """;

    private const string DeleteSectionsSql = "delete from sections where article_id = @Id";

    private const string InsertSectionsSql = """
        insert into sections (id, article_id, position, type, body)
        select s.id, @Id, s.position, s.type, s.body::jsonb
        from unnest(@SectionIds, @SectionPositions, @SectionTypes, @SectionBodies) as s(id, position, type, body)
        """;

    private const string RefreshSearchSql = "select refresh_article_search(@Id)";

    /// <summary>Tells the database's triggers that this transaction stores the bytes itself (see migration 0005).</summary>
    public const string WritesRepresentationSql = "select set_config('ozd.writes_representation', 'on', true)";

    private const string DeleteSql = "delete from articles where id = @Id";

    /// <param name="isNew">Insert rather than update.</param>
    /// <param name="contentChanged">Persons, sections or text changed (not only status or publication time).</param>
    public static void Save(ArticleWriteBatch batch, Article article, ArticleRepresentation representation, bool isNew, bool contentChanged)
    {
        batch.Add(WritesRepresentationSql);
        batch.Add(isNew ? InsertSql : UpdateSql,
            ("Id", article.Id), ("Slug", article.Slug), ("Title", article.Title), ("Teaser", article.Teaser),
            ("Language", article.Language), ("Status", article.Status.ToString().ToLowerInvariant()),
            ("PublishedAt", article.PublishedAt), ("Source", article.Source), ("ImageCredit", article.ImageCredit),
            ("Disclaimer", article.Disclaimer), ("Extras", article.Extras.ToArray()), ("CreatedAt", article.CreatedAt),
            ("UpdatedAt", article.UpdatedAt), ("Version", article.Version), ("Representation", representation.Json),
            ("ETag", representation.ETag), ("LiveRepresentation", representation.LiveJson), ("LiveETag", representation.LiveETag));
        if (!contentChanged)
            return;

        if (!isNew)
        {
            batch.Add(ReplacePersonsSql, ("Id", article.Id));
            batch.Add(DeleteSectionsSql, ("Id", article.Id));
        }
        batch.Add(InsertPersonsSql,
        [
            new NpgsqlParameter("Id", article.Id),
            Array("PersonIds", NpgsqlDbType.Uuid, article.Persons.Select(p => p.PersonId).ToArray()),
            Array("PersonPositions", NpgsqlDbType.Integer, article.Persons.Select((_, i) => i + 1).ToArray()),
            Array("PersonRoles", NpgsqlDbType.Text, article.Persons.Select(p => p.Role).ToArray()),
        ]);
        batch.Add(InsertSectionsSql,
        [
            new NpgsqlParameter("Id", article.Id),
            Array("SectionIds", NpgsqlDbType.Uuid, article.Sections.Select(s => s.Id).ToArray()),
            Array("SectionPositions", NpgsqlDbType.Integer, article.Sections.Select(s => s.Position).ToArray()),
            Array("SectionTypes", NpgsqlDbType.Text, article.Sections.Select(SectionKinds.NameOf).ToArray()),
            Array("SectionBodies", NpgsqlDbType.Text, article.Sections.Select(SectionKinds.ToBody).ToArray()),
        ]);
        batch.Add(RefreshSearchSql, ("Id", article.Id));
    }

    public static void Delete(ArticleWriteBatch batch, Guid id)
    {
        batch.Add(WritesRepresentationSql);
        batch.Add(DeleteSql, ("Id", id));
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };
}
