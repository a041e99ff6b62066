using Npgsql;
using NpgsqlTypes;
using OzdContentApi.Articles.Sections;

namespace OzdContentApi.Articles;

/// <summary>
/// The statements that store an article: its sections as a whole list (unnest of arrays, one
/// statement whatever their number), then its row once, with its representation and the search
/// vector built from those sections (migration 0010), then its persons.
/// </summary>
internal static class ArticleRows
{
    private const string InsertSql = """
        insert into articles (id, slug, title, teaser, language, status, published_at, source, image_credit, disclaimer,
                              extras, created_at, updated_at, version, representation, etag, live_representation, live_etag,
                              representation_at, search_vector)
        values (@Id, @Slug, @Title, @Teaser, @Language, @Status, @PublishedAt, @Source, @ImageCredit, @Disclaimer,
                @Extras, @CreatedAt, @UpdatedAt, @Version, @Representation, @ETag, @LiveRepresentation, @LiveETag, @UpdatedAt,
                article_search_vector(@Id, @Title, @Teaser, @Extras))
        """;

    private const string UpdateSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, status = @Status,
            published_at = @PublishedAt, source = @Source, image_credit = @ImageCredit, disclaimer = @Disclaimer,
            extras = @Extras, updated_at = @UpdatedAt, version = @Version, representation = @Representation, etag = @ETag,
            live_representation = @LiveRepresentation, live_etag = @LiveETag, representation_at = @UpdatedAt
        where id = @Id
        """;

    // A write that changed no text (publish, unpublish) keeps the vector; the others rebuild it here.
    private const string UpdateWithSearchSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, status = @Status,
            published_at = @PublishedAt, source = @Source, image_credit = @ImageCredit, disclaimer = @Disclaimer,
            extras = @Extras, updated_at = @UpdatedAt, version = @Version, representation = @Representation, etag = @ETag,
            live_representation = @LiveRepresentation, live_etag = @LiveETag, representation_at = @UpdatedAt,
            search_vector = article_search_vector(@Id, @Title, @Teaser, @Extras)
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

    /// <summary>Tells the database's triggers that this transaction stores the bytes itself (see migration 0005).</summary>
    public const string WritesRepresentationSql = "select set_config('ozd.writes_representation', 'on', true)";

    private const string DeleteSql = "delete from articles where id = @Id";

    /// <param name="isNew">Insert rather than update.</param>
    /// <param name="contentChanged">Persons, sections or text changed (not only status or publication time).</param>
    public static void Save(ArticleWriteBatch batch, Article article, ArticleRepresentation representation, bool isNew, bool contentChanged)
    {
        batch.Add(WritesRepresentationSql);
        if (contentChanged)
        {
            if (!isNew)
            {
                batch.Add(ReplacePersonsSql, ("Id", article.Id));
                batch.Add(DeleteSectionsSql, ("Id", article.Id));
            }
            batch.Add(InsertSectionsSql,
            [
                new NpgsqlParameter("Id", article.Id),
                Array("SectionIds", NpgsqlDbType.Uuid, article.Sections.Select(s => s.Id).ToArray()),
                Array("SectionPositions", NpgsqlDbType.Integer, article.Sections.Select(s => s.Position).ToArray()),
                Array("SectionTypes", NpgsqlDbType.Text, article.Sections.Select(SectionKinds.NameOf).ToArray()),
                Array("SectionBodies", NpgsqlDbType.Text, article.Sections.Select(SectionKinds.ToBody).ToArray()),
            ]);
        }
        batch.Add(isNew ? InsertSql : contentChanged ? UpdateWithSearchSql : UpdateSql,
        [
            new NpgsqlParameter("Id", article.Id), new NpgsqlParameter("Slug", article.Slug), new NpgsqlParameter("Title", article.Title),
            new NpgsqlParameter("Teaser", NpgsqlDbType.Text) { Value = (object?)article.Teaser ?? DBNull.Value },
            new NpgsqlParameter("Language", article.Language), new NpgsqlParameter("Status", article.Status.ToString().ToLowerInvariant()),
            new NpgsqlParameter("PublishedAt", NpgsqlDbType.TimestampTz) { Value = (object?)article.PublishedAt ?? DBNull.Value },
            new NpgsqlParameter("Source", NpgsqlDbType.Text) { Value = (object?)article.Source ?? DBNull.Value },
            new NpgsqlParameter("ImageCredit", NpgsqlDbType.Text) { Value = (object?)article.ImageCredit ?? DBNull.Value },
            new NpgsqlParameter("Disclaimer", NpgsqlDbType.Text) { Value = (object?)article.Disclaimer ?? DBNull.Value },
            Array("Extras", NpgsqlDbType.Text, article.Extras.ToArray()),
            new NpgsqlParameter("CreatedAt", article.CreatedAt), new NpgsqlParameter("UpdatedAt", article.UpdatedAt),
            new NpgsqlParameter("Version", article.Version),
            new NpgsqlParameter("Representation", NpgsqlDbType.Bytea) { Value = representation.Json },
            new NpgsqlParameter("ETag", representation.ETag),
            new NpgsqlParameter("LiveRepresentation", NpgsqlDbType.Bytea) { Value = (object?)representation.LiveJson ?? DBNull.Value },
            new NpgsqlParameter("LiveETag", NpgsqlDbType.Text) { Value = (object?)representation.LiveETag ?? DBNull.Value },
        ]);
        if (contentChanged)
        {
            batch.Add(InsertPersonsSql,
            [
                new NpgsqlParameter("Id", article.Id),
                Array("PersonIds", NpgsqlDbType.Uuid, article.Persons.Select(p => p.PersonId).ToArray()),
                Array("PersonPositions", NpgsqlDbType.Integer, article.Persons.Select((_, i) => i + 1).ToArray()),
                Array("PersonRoles", NpgsqlDbType.Text, article.Persons.Select(p => p.Role).ToArray()),
            ]);
        }
    }

    public static void Delete(ArticleWriteBatch batch, Guid id)
    {
        batch.Add(WritesRepresentationSql);
        batch.Add(DeleteSql, ("Id", id));
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, T[] values) =>
        new(name, NpgsqlDbType.Array | type) { Value = values };
}
