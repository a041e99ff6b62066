using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Sections;

/// <summary>Adding, replacing, deleting and reordering one article's sections.</summary>
public sealed class SectionWrites(ArticleEdits edits)
{
    private const string InsertSql = """
        insert into sections (id, article_id, position, type, body) values (@Id, @ArticleId, @Position, @Type, @Body::jsonb)
        """;

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid articleId,
        IEnumerable<Section> sections, CancellationToken ct) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, sections.Select(s => new
        {
            s.Id, ArticleId = articleId, s.Position, Type = SectionTypes.NameOf(s), Body = SectionTypes.ToBody(s),
        }), transaction, cancellationToken: ct));

    /// <summary>Appends a section at the end of the article.</summary>
    public Task<WriteOutcome> AddAsync(IdOrSlug article, Guid sectionId, IReadOnlyList<string> ifMatch, SectionInput input, CancellationToken ct) =>
        edits.EditAsync(article, ifMatch, async edit =>
        {
            var articleId = edit.Current.Id;
            if (edit.Current.Sections.Count >= ArticleLimits.Sections)
                return WriteOutcome.At("sections", $"An article has at most {ArticleLimits.Sections} sections.");
            if (await ArticleWriter.CheckReferencesAsync(edit.Connection, edit.Transaction, [], [], Links(input), ct) is { } invalid)
                return invalid;
            await InsertAsync(edit.Connection, edit.Transaction, articleId, [input.ToSection(sectionId, edit.Current.Sections.Count + 1)], ct);
            return null;
        }, ct);

    private const string ReplaceSql = "update sections set type = @Type, body = @Body::jsonb where id = @Id and article_id = @ArticleId";

    /// <summary>Replaces a section's content (its type may change); its id and position stay.</summary>
    public Task<WriteOutcome> ReplaceAsync(IdOrSlug article, Guid sectionId, IReadOnlyList<string> ifMatch, SectionInput input, CancellationToken ct) =>
        edits.EditAsync(article, ifMatch, async edit =>
        {
            var articleId = edit.Current.Id;
            if (edit.Current.Sections.FirstOrDefault(s => s.Id == sectionId) is not { } current)
                return NoSuchSection(articleId, sectionId);
            if (await ArticleWriter.CheckReferencesAsync(edit.Connection, edit.Transaction, [], [], Links(input), ct) is { } invalid)
                return invalid;
            var section = input.ToSection(sectionId, current.Position);
            await edit.Connection.ExecuteAsync(ReplaceSql, new
            {
                Id = sectionId, ArticleId = articleId, Type = SectionTypes.NameOf(section), Body = SectionTypes.ToBody(section),
            }, edit.Transaction);
            return null;
        }, ct);

    private const string DeleteSql = """
        delete from sections where id = @Id and article_id = @ArticleId;
        update sections set position = position - 1 where article_id = @ArticleId and position > @Position;
        """;

    /// <summary>Removes a section; the ones after it move up.</summary>
    public Task<WriteOutcome> DeleteAsync(IdOrSlug article, Guid sectionId, IReadOnlyList<string> ifMatch, CancellationToken ct) =>
        edits.EditAsync(article, ifMatch, async edit =>
        {
            var articleId = edit.Current.Id;
            if (edit.Current.Sections.FirstOrDefault(s => s.Id == sectionId) is not { } current)
                return NoSuchSection(articleId, sectionId);
            await edit.Connection.ExecuteAsync(DeleteSql, new { Id = sectionId, ArticleId = articleId, current.Position }, edit.Transaction);
            return null;
        }, ct);

    // Positions are unique per article, deferred to commit, so the swap below is allowed.
    private const string MoveSql = "update sections set position = @Position where id = @Id and article_id = @ArticleId";

    /// <summary>Puts the sections in the given order, which must name each of them exactly once.</summary>
    public Task<WriteOutcome> ReorderAsync(IdOrSlug article, IReadOnlyList<string> ifMatch, IReadOnlyList<Guid> order, CancellationToken ct) =>
        edits.EditAsync(article, ifMatch, async edit =>
        {
            var articleId = edit.Current.Id;
            var current = edit.Current.Sections.Select(s => s.Id).ToHashSet();
            if (!current.SetEquals(order) || order.Count != current.Count)
                return WriteOutcome.At("sectionIds", $"Must list each of the article's {current.Count} section ids exactly once.");
            await edit.Connection.ExecuteAsync(MoveSql, order.Select((id, i) => new { Id = id, ArticleId = articleId, Position = i + 1 }), edit.Transaction);
            return null;
        }, ct);

    private static IReadOnlyList<(Guid PersonId, string Path)> Links(SectionInput input) => input.PersonLinks("").Select(l => (l.PersonId, l.Path.TrimStart('.'))).ToList();

    private static WriteOutcome NoSuchSection(Guid articleId, Guid sectionId) =>
        new WriteOutcome.NotFound($"The article {articleId} has no section {sectionId}.");
}
