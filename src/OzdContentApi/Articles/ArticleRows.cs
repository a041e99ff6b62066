using Npgsql;
using System.Text.Json;
using NpgsqlTypes;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Platform.Http;
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
                              representation_at, lead_image, embargoed_until, search_vector)
        values (@Id, @Slug, @Title, @Teaser, @Language, @Status, @PublishedAt, @Source, @ImageCredit, @Disclaimer,
                @Extras, @CreatedAt, @UpdatedAt, @Version, @Representation, @ETag, @LiveRepresentation, @LiveETag, @UpdatedAt,
                @LeadImage::jsonb, @EmbargoedUntil, article_search_vector(@Id, @Title, @Teaser, @Extras))
        """;

    private const string UpdateSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, status = @Status,
            published_at = @PublishedAt, source = @Source, image_credit = @ImageCredit, disclaimer = @Disclaimer,
            extras = @Extras, updated_at = @UpdatedAt, version = @Version, representation = @Representation, etag = @ETag,
            live_representation = @LiveRepresentation, live_etag = @LiveETag, representation_at = @UpdatedAt,
            lead_image = @LeadImage::jsonb, embargoed_until = @EmbargoedUntil
        where id = @Id
        """;

    // A write that changed no text (publish, unpublish) keeps the vector; the others rebuild it here.
    private const string UpdateWithSearchSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, status = @Status,
            published_at = @PublishedAt, source = @Source, image_credit = @ImageCredit, disclaimer = @Disclaimer,
            extras = @Extras, updated_at = @UpdatedAt, version = @Version, representation = @Representation, etag = @ETag,
            live_representation = @LiveRepresentation, live_etag = @LiveETag, representation_at = @UpdatedAt,
            lead_image = @LeadImage::jsonb, embargoed_until = @EmbargoedUntil,
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

    private const string InsertCorrectionsSql = """
        insert into article_corrections (id, article_id, seq, kind, text, section_id, published_at, version)
        select c.id, @Id, c.seq, c.kind, c.text, c.section_id, c.published_at, c.version
        from unnest(@CorrectionIds, @CorrectionSeqs, @CorrectionKinds, @CorrectionTexts, @CorrectionSections,
                    @CorrectionTimes, @CorrectionVersions) as c(id, seq, kind, text, section_id, published_at, version)
        """;

    /// <param name="isNew">Insert rather than update.</param>
    /// <param name="contentChanged">Persons, sections or text changed (not only status or publication time).</param>
    /// <param name="firstNewCorrection">How many of the article's corrections are stored already (they are only ever appended).</param>
    public static void Save(ArticleWriteBatch batch, Article article, ArticleRepresentation representation, bool isNew, bool contentChanged,
        int firstNewCorrection)
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
            new NpgsqlParameter("Language", article.Language), new NpgsqlParameter("Status", article.Status.Name()),
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
            new NpgsqlParameter("LeadImage", NpgsqlDbType.Text)
            {
                Value = article.LeadImage is null ? DBNull.Value : JsonSerializer.Serialize(article.LeadImage, ContentJson.Options),
            },
            new NpgsqlParameter("EmbargoedUntil", NpgsqlDbType.TimestampTz) { Value = (object?)article.EmbargoedUntil ?? DBNull.Value },
        ]);
        var added = article.Corrections.Skip(firstNewCorrection).ToList();
        if (added.Count > 0)
        {
            batch.Add(InsertCorrectionsSql,
            [
                new NpgsqlParameter("Id", article.Id),
                Array("CorrectionIds", NpgsqlDbType.Uuid, added.Select(c => c.Id).ToArray()),
                Array("CorrectionSeqs", NpgsqlDbType.Integer, added.Select((_, i) => firstNewCorrection + i + 1).ToArray()),
                Array("CorrectionKinds", NpgsqlDbType.Text, added.Select(c => c.Kind.Name()).ToArray()),
                Array("CorrectionTexts", NpgsqlDbType.Text, added.Select(c => c.Text).ToArray()),
                Array("CorrectionSections", NpgsqlDbType.Uuid, added.Select(c => c.SectionId).ToArray()),
                Array("CorrectionTimes", NpgsqlDbType.TimestampTz, added.Select(c => c.PublishedAt).ToArray()),
                Array("CorrectionVersions", NpgsqlDbType.Integer, added.Select(c => c.Version).ToArray()),
            ]);
        }
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
