using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Text;

namespace OzdContentApi.Articles;

/// <summary>
/// The one way an article changes, in three round trips whatever its size: (1) lock the article
/// and read what it is, the persons the write names and the slugs it competes for; check
/// If-Match; apply the change in memory; serialise the result once; (2) store the row, its
/// persons and sections, its search entry, and what every <see cref="IArticleWriteRecorder"/>
/// records (revision, change log), in one batch; (3) commit. A failure anywhere rolls all of it back.
/// </summary>
public sealed class ArticleTransaction(NpgsqlDataSource db, TimeProvider clock, IEnumerable<IArticleWriteRecorder> recorders,
    ArticleRepresentations representations, ContentChanges changes, SiteUrls site)
{
    /// <summary>What a write needs to read before it can decide: every part is optional.</summary>
    /// <param name="Key">The article to lock and change; null to create one.</param>
    /// <param name="PersonLinks">Persons the new version names, with the JSON path naming each.</param>
    /// <param name="Slug">The slug the new version asks for (an explicit one must be free); null to keep the current one.</param>
    /// <param name="GenerateSlugFrom">Text to make a slug from when <paramref name="Slug"/> is null and there is no current one.</param>
    public sealed record Needs(
        IdOrSlug? Key,
        IReadOnlyList<(Guid PersonId, string Path)> PersonLinks,
        string? Slug = null,
        string? GenerateSlugFrom = null);

    /// <summary>What was read: the article as it reads now, and the persons and slugs asked about.</summary>
    public sealed record State(Article? Current, IReadOnlyDictionary<Guid, ArticlePerson> Persons, string? Slug, DateTime Now);

    /// <summary>A decision: the new version, or a failure that rolls back.</summary>
    public abstract record Decision
    {
        public sealed record Save(Article After, bool ContentChanged) : Decision;
        public sealed record Delete : Decision;
        public sealed record Refuse(WriteOutcome Outcome) : Decision;

        public static implicit operator Decision(WriteOutcome outcome) => new Refuse(outcome);
    }

    public async Task<WriteOutcome> RunAsync(Needs needs, IReadOnlyList<string> ifMatch, Func<State, Decision> decide, CancellationToken ct,
        Action<ArticleWriteBatch, Article>? alongside = null)
    {
        var now = Now;
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);

        var read = await ReadAsync(connection, transaction, needs, now, ct);
        if (read.ForgottenId is { } forgotten)
        {
            // The database forgot the article's bytes (see ArticleRepresentations): rebuild them, then read again.
            await representations.RebuildAsync(connection, transaction, [forgotten], ct);
            read = await ReadAsync(connection, transaction, needs, now, ct);
        }
        if (needs.Key is { } key)
        {
            if (read.Current is null)
                return new WriteOutcome.NotFound($"There is no article with the id or slug '{key}'.");
            if (!read.CurrentRepresentation!.Matches(ifMatch))
                return new WriteOutcome.Stale(read.CurrentRepresentation.LiveETag is not null && read.Current.Status == ArticleStatus.Published
                    ? read.CurrentRepresentation.LiveETag
                    : read.CurrentRepresentation.ETag);
        }
        var missing = needs.PersonLinks.Where(l => !read.Persons.ContainsKey(l.PersonId))
            .GroupBy(l => l.Path).ToDictionary(g => g.Key, g => new[] { $"There is no person {g.First().PersonId}." });
        if (missing.Count > 0)
            return new WriteOutcome.Invalid(missing);
        if (read.SlugConflict is { } conflict)
            return new WriteOutcome.Conflict(conflict);

        var decision = decide(new State(read.Current, read.Persons, read.Slug, now));
        await using var batch = new NpgsqlBatch(connection, transaction);
        var statements = new ArticleWriteBatch(batch);
        WriteOutcome outcome;
        switch (decision)
        {
            case Decision.Refuse refuse:
                return refuse.Outcome;
            case Decision.Delete:
                ArticleRows.Delete(statements, read.Current!.Id);
                Record(statements, new ArticleWrite(read.Current, null, null, now));
                outcome = new WriteOutcome.Deleted();
                break;
            case Decision.Save save:
                var after = save.After with { CanonicalUrl = site.ArticleUrl(save.After.Id, save.After.Slug) };
                var stored = read.Current?.Corrections ?? [];
                if (!after.Corrections.Take(stored.Count).SequenceEqual(stored))
                    throw new InvalidOperationException("A write may only append corrections.");
                var representation = ArticleRepresentation.Of(after);
                ArticleRows.Save(statements, after, representation, isNew: read.Current is null, save.ContentChanged, stored.Count);
                Record(statements, new ArticleWrite(read.Current, after, representation, now));
                alongside?.Invoke(statements, after);
                outcome = new WriteOutcome.Saved(after, representation);
                break;
            default:
                throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
        }

        await batch.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
        // PostgreSQL tells every instance; this one forgets at once, so its writer reads the change.
        changes.Announce("article", (read.Current?.Id ?? (outcome as WriteOutcome.Saved)!.Article.Id));
        return outcome;
    }

    private void Record(ArticleWriteBatch batch, ArticleWrite write)
    {
        foreach (var recorder in recorders)
            recorder.Record(batch, write);
    }

    private sealed record Read(Article? Current, ArticleRepresentation? CurrentRepresentation,
        IReadOnlyDictionary<Guid, ArticlePerson> Persons, string? Slug, string? SlugConflict, Guid? ForgottenId = null);

    // Writers generating from the same base take turns until they commit; the turn comes first,
    // in a statement of its own, so the next statement's snapshot sees what the one before committed.
    private const string TakeSlugTurnSql = "select pg_advisory_xact_lock(hashtextextended('slug:article:' || @Base, 0))";

    // The candidates base, base-2, … base-N are looked up in the unique index; the (rare) writer
    // that finds all of them taken asks for the next N.
    private const string TakenSlugsSql = """
        select a.slug from articles a
        where a.slug = any(@Candidates) and not coalesce(a.id = @KeyId or a.slug = @KeySlug, false)
        """;

    private const int SlugCandidates = 32;

    // Stale bytes count as missing: the write starts from the article as it is now.
    private const string LockSql = $"""
        select a.id, case when {PublishedArticles.Stale} then null else a.representation end, a.etag, a.live_representation, a.live_etag
        from articles a where a.id = @KeyId or a.slug = @KeySlug
        for update
        """;

    private const string PersonsSql = "select p.id, p.slug, p.name from persons p where p.id = any(@PersonIds)";

    private static async Task<Read> ReadAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Needs needs, DateTime now, CancellationToken ct)
    {
        var baseSlug = needs.Slug ?? (needs.Key is null && needs.GenerateSlugFrom is { } source ? Slugs.From(source, "artikel") : null);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var keyId = new NpgsqlParameter("KeyId", NpgsqlDbType.Uuid) { Value = (object?)needs.Key?.Id ?? DBNull.Value };
        var keySlug = new NpgsqlParameter("KeySlug", NpgsqlDbType.Text) { Value = (object?)needs.Key?.Slug ?? DBNull.Value };
        if (baseSlug is not null)
        {
            batch.BatchCommands.Add(Command(TakeSlugTurnSql, new NpgsqlParameter("Base", baseSlug)));
            batch.BatchCommands.Add(Command(TakenSlugsSql, Candidates(baseSlug, from: 1), keyId.Clone(), keySlug.Clone()));
        }
        if (needs.Key is not null)
            batch.BatchCommands.Add(Command(LockSql, keyId.Clone(), keySlug.Clone()));
        if (needs.PersonLinks.Count > 0)
            batch.BatchCommands.Add(Command(PersonsSql, new NpgsqlParameter("PersonIds", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
            {
                Value = needs.PersonLinks.Select(l => l.PersonId).Distinct().ToArray(),
            }));

        HashSet<string> taken = [];
        Guid? forgotten = null;
        Article? current = null;
        ArticleRepresentation? representation = null;
        var persons = new Dictionary<Guid, ArticlePerson>();
        if (batch.BatchCommands.Count > 0)
        {
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (baseSlug is not null)
            {
                await reader.NextResultAsync(ct); // the turn
                while (await reader.ReadAsync(ct))
                    taken.Add(reader.GetString(0));
                await reader.NextResultAsync(ct);
            }
            if (needs.Key is not null)
            {
                if (await reader.ReadAsync(ct))
                {
                    if (reader.IsDBNull(1))
                        forgotten = reader.GetGuid(0);
                    else
                    {
                        var stored = reader.GetFieldValue<byte[]>(1);
                        representation = new ArticleRepresentation(stored, reader.GetString(2),
                            reader.IsDBNull(3) ? null : reader.GetFieldValue<byte[]>(3), reader.IsDBNull(4) ? null : reader.GetString(4));
                        current = AsReadAt(JsonSerializer.Deserialize<Article>(stored, Platform.Http.ContentJson.Options)!, now);
                    }
                }
                await reader.NextResultAsync(ct);
            }
            if (needs.PersonLinks.Count > 0)
            {
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetGuid(0);
                    persons[id] = new ArticlePerson { PersonId = id, Slug = reader.GetString(1), Name = reader.GetString(2), Role = null };
                }
            }
        }

        string? slug = null, conflict = null;
        if (needs.Slug is { } requested)
        {
            if (taken.Contains(requested))
                conflict = $"The slug '{requested}' is taken by another article.";
            slug = requested;
        }
        else if (baseSlug is not null)
        {
            for (var from = 1; slug is null; from += SlugCandidates)
            {
                if (from > 1)
                    taken = await TakenAsync(connection, transaction, baseSlug, from, keyId, keySlug, ct);
                slug = Enumerable.Range(from, SlugCandidates).Select(n => Slugs.WithSuffix(baseSlug, n)).FirstOrDefault(s => !taken.Contains(s));
            }
        }
        return new Read(current, representation, persons, slug, conflict, forgotten);
    }

    private static NpgsqlParameter Candidates(string baseSlug, int from) =>
        new("Candidates", NpgsqlDbType.Array | NpgsqlDbType.Text)
        {
            Value = Enumerable.Range(from, SlugCandidates).Select(n => Slugs.WithSuffix(baseSlug, n)).ToArray(),
        };

    private static async Task<HashSet<string>> TakenAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string baseSlug,
        int from, NpgsqlParameter keyId, NpgsqlParameter keySlug, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(TakenSlugsSql, connection, transaction);
        command.Parameters.AddRange(new[] { Candidates(baseSlug, from), keyId.Clone(), keySlug.Clone() });
        await using var reader = await command.ExecuteReaderAsync(ct);
        var taken = new HashSet<string>();
        while (await reader.ReadAsync(ct))
            taken.Add(reader.GetString(0));
        return taken;
    }

    /// <summary>An article as readers see it at <paramref name="now"/>: a scheduled one whose time has come is published.</summary>
    private static Article AsReadAt(Article article, DateTime now) =>
        article.Status == ArticleStatus.Scheduled && article.PublishedAt <= now ? article with { Status = ArticleStatus.Published } : article;

    private static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>The service's clock, cut to the microseconds PostgreSQL keeps, so the bytes stored equal any later read.</summary>
    public DateTime Now
    {
        get
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return now.AddTicks(-(now.Ticks % 10));
        }
    }
}
