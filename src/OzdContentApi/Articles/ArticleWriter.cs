using Dapper;
using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Sections;

namespace OzdContentApi.Articles;

/// <summary>Creating, replacing, publishing and unpublishing articles.</summary>
public sealed class ArticleWriter(NpgsqlDataSource db, ArticleEdits edits)
{
    private const string InsertSql = """
        insert into articles (id, slug, title, teaser, language, status, source, image_credit, disclaimer, extras,
                              created_at, updated_at)
        values (@Id, @Slug, @Title, @Teaser, @Language, 'draft', @Source, @ImageCredit, @Disclaimer, @Extras, @Now, @Now)
        """;

    public async Task<WriteOutcome> CreateAsync(ArticleInput input, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var now = edits.Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        if (await CheckReferencesAsync(connection, transaction, input.Persons ?? [], input.Sections ?? [], [], ct) is { } invalid)
            return invalid;
        var slug = await SlugAllocation.ResolveAsync(connection, transaction, SlugAllocation.Kind.Article, id, input.Slug, input.Title!, ct);
        if (slug.Conflict is not null)
            return new WriteOutcome.Conflict(slug.Conflict);

        await connection.ExecuteAsync(InsertSql, Fields(id, slug.Slug!, input, now), transaction);
        await ReplaceChildrenAsync(connection, transaction, id, input, new HashSet<Guid>(), ct);
        var saved = await ArticleEdits.RecordAsync(connection, transaction, id, before: null, now, ct);
        await transaction.CommitAsync(ct);
        return new WriteOutcome.Saved(saved, ETags.Of(saved));
    }

    private const string UpdateSql = """
        update articles
        set slug = @Slug, title = @Title, teaser = @Teaser, language = @Language, source = @Source,
            image_credit = @ImageCredit, disclaimer = @Disclaimer, extras = @Extras
        where id = @Id
        """;

    /// <summary>Replaces everything but status and publication time; omitted slug keeps the current one.</summary>
    public Task<WriteOutcome> ReplaceAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, ArticleInput input, CancellationToken ct) =>
        edits.EditAsync(key, ifMatch, async edit =>
        {
            var id = edit.Current.Id;
            var currentSections = edit.Current.Sections.Select(s => s.Id).ToHashSet();
            if (CheckKeptSectionIds(input.Sections ?? [], currentSections) is { } badIds)
                return badIds;
            if (await CheckReferencesAsync(edit.Connection, edit.Transaction, input.Persons ?? [], input.Sections ?? [], [], ct) is { } invalid)
                return invalid;
            var slug = await SlugAllocation.ResolveAsync(edit.Connection, edit.Transaction, SlugAllocation.Kind.Article, id,
                input.Slug ?? edit.Current.Slug, input.Title!, ct);
            if (slug.Conflict is not null)
                return new WriteOutcome.Conflict(slug.Conflict);

            await edit.Connection.ExecuteAsync(UpdateSql, Fields(id, slug.Slug!, input, edit.Now), edit.Transaction);
            await ReplaceChildrenAsync(edit.Connection, edit.Transaction, id, input, currentSections, ct);
            return null;
        }, ct);

    private const string PublishSql = "update articles set status = @Status, published_at = @PublishedAt where id = @Id";

    /// <summary>
    /// Publishes now, at a past time given, or schedules for a future one. An article already
    /// published keeps its publication time unless a new one is given.
    /// </summary>
    public Task<WriteOutcome> PublishAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, DateTime? publishAt, CancellationToken ct) =>
        edits.EditAsync(key, ifMatch, async edit =>
        {
            var at = publishAt?.ToUniversalTime()
                     ?? (edit.Current.Status == ArticleStatus.Published ? edit.Current.PublishedAt!.Value : edit.Now);
            var status = at > edit.Now ? "scheduled" : "published";
            await edit.Connection.ExecuteAsync(PublishSql, new { edit.Current.Id, Status = status, PublishedAt = at }, edit.Transaction);
            return null;
        }, ct);

    public Task<WriteOutcome> UnpublishAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct) =>
        edits.EditAsync(key, ifMatch, async edit =>
        {
            await edit.Connection.ExecuteAsync(PublishSql, new { edit.Current.Id, Status = "draft", PublishedAt = (DateTime?)null }, edit.Transaction);
            return null;
        }, ct);

    public Task<WriteOutcome> DeleteAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct) =>
        edits.DeleteAsync(key, ifMatch, ct);

    private const string DeleteChildrenSql = """
        delete from article_persons where article_id = @Id;
        delete from sections where article_id = @Id;
        """;

    private const string InsertMentionSql = """
        insert into article_persons (article_id, person_id, position, role) values (@ArticleId, @PersonId, @Position, @Role)
        """;

    private static async Task ReplaceChildrenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        Guid id, ArticleInput input, IReadOnlySet<Guid> keptSectionIds, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(DeleteChildrenSql, new { Id = id }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertMentionSql, (input.Persons ?? []).Select((p, i) => new
        {
            ArticleId = id, PersonId = p.PersonId!.Value, Position = i + 1, p.Role,
        }), transaction, cancellationToken: ct));
        var sections = (input.Sections ?? []).Select((s, i) =>
            s.ToSection(s.Id is { } keep && keptSectionIds.Contains(keep) ? keep : Guid.CreateVersion7(), i + 1));
        await SectionWrites.InsertAsync(connection, transaction, id, sections, ct);
    }

    private static object Fields(Guid id, string slug, ArticleInput input, DateTime now) => new
    {
        Id = id, Slug = slug, input.Title, input.Teaser, Language = input.Language ?? "de", input.Source,
        input.ImageCredit, input.Disclaimer, Extras = (input.Extras ?? []).ToArray(), Now = now,
    };

    private static WriteOutcome.Invalid? CheckKeptSectionIds(IReadOnlyList<SectionInput> sections, IReadOnlySet<Guid> current)
    {
        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<Guid>();
        for (var i = 0; i < sections.Count; i++)
        {
            if (sections[i].Id is not { } id)
                continue;
            if (!current.Contains(id))
                errors[$"sections[{i}].id"] = ["Not a section of this article; omit id for a new section."];
            else if (!seen.Add(id))
                errors[$"sections[{i}].id"] = ["This section id appears twice."];
        }
        return errors.Count == 0 ? null : new WriteOutcome.Invalid(errors);
    }

    private const string ExistingPersonsSql = "select id from persons where id = any(@Ids)";

    /// <summary>Every mentioned and glossary-linked person must exist: 400 at each path that names a missing one.</summary>
    public static async Task<WriteOutcome.Invalid?> CheckReferencesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<MentionInput> persons, IReadOnlyList<SectionInput> sections, IReadOnlyList<(Guid PersonId, string Path)> extra, CancellationToken ct)
    {
        var links = persons.Select((p, i) => (PersonId: p.PersonId!.Value, Path: $"persons[{i}].personId"))
            .Concat(sections.SelectMany((s, i) => s.PersonLinks($"sections[{i}]")))
            .Concat(extra)
            .ToList();
        if (links.Count == 0)
            return null;

        var existing = (await connection.QueryAsync<Guid>(new CommandDefinition(
            ExistingPersonsSql, new { Ids = links.Select(l => l.PersonId).Distinct().ToArray() }, transaction, cancellationToken: ct))).ToHashSet();
        var errors = links.Where(l => !existing.Contains(l.PersonId))
            .ToDictionary(l => l.Path, l => new[] { $"There is no person {l.PersonId}." });
        return errors.Count == 0 ? null : new WriteOutcome.Invalid(errors);
    }
}
