using Dapper;
using Npgsql;
using NpgsqlTypes;
using System.Text.Json;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Platform;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles;

/// <summary>
/// Rebuilds an article's stored bytes from the tables when they are missing or stale: the
/// database forgets them whenever rows change around the service's own article write (a
/// migration, a repair by hand; see migration 0005), notes them as stale when a person they name
/// is renamed (migration 0008), and a start forgets all of them when this build stores another format. The next read or write of such an article rebuilds it, once.
/// Rows are locked before they are read, so a rebuild never stores older bytes over a newer write;
/// a stale note is removed only if no rename noted the article again since the rebuild began reading.
/// </summary>
public sealed class ArticleRepresentations(NpgsqlDataSource db, TimeProvider clock, ILogger<ArticleRepresentations> logger, SiteUrls site)
{
    /// <summary>
    /// The format of the stored bytes. Raise it when the article contract changes shape; a start
    /// then forgets every article's bytes, to be rebuilt as they are read.
    /// </summary>
    public const string FormatVersion = "2026-12-02.1";

    /// <summary>The format and what else shapes the bytes: the website address template (canonicalUrl).</summary>
    private string Fingerprint => $"{FormatVersion} {site.Template}";

    /// <summary>Rebuilds one article's bytes in a transaction of its own (a reader found them missing).</summary>
    public async Task RebuildAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await RebuildAsync(connection, transaction, [id], ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Rebuilds every article whose bytes are missing (all of them with <paramref name="all"/>)
    /// now rather than on first read: after a bulk load or a format change on a busy site.
    /// </summary>
    /// <returns>How many articles were rebuilt.</returns>
    public async Task<int> RebuildMissingAsync(bool all, Action<int, int> progress, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        if (all)
            await connection.ExecuteAsync(new CommandDefinition("update articles set representation = null", commandTimeout: WholeTable, cancellationToken: ct));
        var ids = (await connection.QueryAsync<Guid>(new CommandDefinition(
            $"select a.id from articles a where a.representation is null or {PublishedArticles.Stale} order by a.id",
            commandTimeout: WholeTable, cancellationToken: ct))).ToList();
        var done = 0;
        foreach (var chunk in ids.Chunk(500))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await RebuildAsync(connection, transaction, chunk, ct);
            await transaction.CommitAsync(ct);
            done += chunk.Length;
            progress(done, ids.Count);
        }
        return done;
    }

    // A statement over every article has no time limit (Npgsql's default is 30 s): forgetting
    // 248,000 articles' bytes takes longer, and a start that gave up there could not start at all.
    private const int WholeTable = 0;

    // One process at a time ("ozdrepr" in ASCII); the others wait and find it done.
    private const long AdvisoryLockKey = 0x6F7A6472657072;

    private const string ForgetAllSql = """
        select pg_advisory_xact_lock(@Key);
        select (select fingerprint from article_representation_format);
        with forgotten as (
            update articles set representation = null
            where (select fingerprint from article_representation_format) is distinct from @FormatVersion
            returning 1)
        select count(*) from forgotten;
        insert into article_representation_format (fingerprint) values (@FormatVersion)
        on conflict (id) do update set fingerprint = excluded.fingerprint;
        """;

    /// <summary>
    /// For a command that writes stored bytes (import, rebuild): the database's format must be this
    /// one, or the command stops before writing anything: run with the service's settings a command
    /// would otherwise make every article's bytes be forgotten and rebuilt without the website
    /// address (or with another one) while the service runs. A database no service has started on
    /// yet gets this format.
    /// </summary>
    public async Task RequireCurrentAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var recorded = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "select fingerprint from article_representation_format", cancellationToken: ct));
        if (recorded is null)
        {
            await EnsureCurrentAsync(ct);
            return;
        }
        if (recorded == Fingerprint)
            return;
        var (version, template) = recorded.IndexOf(' ') is var space and >= 0 ? (recorded[..space], recorded[(space + 1)..]) : (recorded, "");
        throw new StartupException(version != FormatVersion
            ? $"The database's articles are stored in format {version}, this build writes {FormatVersion}: start this build's service first (it rebuilds them), then run the command."
            : $"The service stores articles with {SiteUrls.Setting.Replace(":", "__")}='{template}', this command has '{site.Template}': " +
              "run it with the service's settings (or start the service with the new value first, which rebuilds every article).");
    }

    /// <summary>At start: the stored bytes are in this build's format, or forgotten now and rebuilt as they are read.</summary>
    public async Task EnsureCurrentAsync(CancellationToken ct = default)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long forgotten;
        string? previous;
        await using (var results = await connection.QueryMultipleAsync(new CommandDefinition(ForgetAllSql,
                         new { Key = AdvisoryLockKey, FormatVersion = Fingerprint }, transaction, WholeTable, cancellationToken: ct)))
        {
            await results.ReadAsync<object>();
            previous = await results.ReadSingleAsync<string?>();
            forgotten = await results.ReadSingleAsync<long>();
        }
        await transaction.CommitAsync(ct);
        if (forgotten == 0)
            return;
        // Another website address than the last start's: on purpose, or an instance configured unlike the others.
        if (previous is not null && previous.StartsWith(FormatVersion + " ", StringComparison.Ordinal))
            logger.LogWarning("{Setting} is '{Template}', the last start had '{Previous}': {Count} articles are rebuilt as they are read. " +
                              "Every instance (and command) must run with the same value", SiteUrls.Setting.Replace(":", "__"), site.Template,
                previous[(FormatVersion.Length + 1)..], forgotten);
        else
            logger.LogInformation("Stored format {Format} is new: {Count} articles are rebuilt as they are read", Fingerprint, forgotten);
    }

    // The lock is taken first; a row rebuilt by whoever held it meanwhile is no longer missing and
    // is left alone. "No key update" excludes other rebuilds and article writes, not the key-share
    // locks of renames noting articles stale (migration 0016: the stale notes' tokens order those).
    private const string LockSql = $"""
        select a.id from articles a
        where a.id = any(@Ids) and (a.representation is null or {PublishedArticles.Stale})
        order by a.id for no key update
        """;

    // The stale notes' tokens are read before the article: a rename after this statement leaves a
    // note whose token the store below does not delete.
    private const string ReadSql = $"""
        select st.article_id as ArticleId, st.token from article_representation_stale st where st.article_id = any(@Ids);

        select a.id, a.slug, a.title, a.teaser, a.language, a.status, a.published_at as PublishedAt,
               a.created_at as CreatedAt, a.updated_at as UpdatedAt, a.version, a.source, a.image_credit as ImageCredit,
               a.disclaimer, a.extras, a.lead_image::text as LeadImage, a.embargoed_until as EmbargoedUntil
        from articles a where a.id = any(@Ids);

        select ap.article_id as ArticleId, p.id as PersonId, p.slug, p.name, ap.role
        from article_persons ap join persons p on p.id = ap.person_id
        where ap.article_id = any(@Ids)
        order by ap.article_id, ap.position;

        select s.article_id as ArticleId, {SectionRow.Columns}
        from sections s where s.article_id = any(@Ids)
        order by s.article_id, s.position;

        select {CorrectionRow.Columns}
        from article_corrections c where c.article_id = any(@Ids)
        order by c.article_id, c.seq;
        """;

    private const string StoreSql = """
        update articles a
        set representation = r.representation, etag = r.etag, live_representation = r.live_representation,
            live_etag = r.live_etag, representation_at = @Now
        from unnest(@Ids, @Representations, @ETags, @LiveRepresentations, @LiveETags)
             as r(id, representation, etag, live_representation, live_etag)
        where a.id = r.id;
        delete from article_representation_stale st
        using unnest(@NoteIds, @NoteTokens) as n(article_id, token)
        where st.article_id = n.article_id and st.token = n.token;
        """;

    /// <summary>Rebuilds the bytes of <paramref name="ids"/> inside the caller's transaction.</summary>
    public async Task RebuildAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        await connection.ExecuteAsync(new CommandDefinition(ArticleRows.WritesRepresentationSql, null, transaction, cancellationToken: ct));
        var missing = (await connection.QueryAsync<Guid>(new CommandDefinition(LockSql, new { Ids = ids.ToArray() }, transaction, cancellationToken: ct))).ToArray();
        if (missing.Length == 0)
            return;
        var parameters = new { Ids = missing };
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(ReadSql, parameters, transaction, cancellationToken: ct));
        var notes = (await results.ReadAsync<(Guid ArticleId, long Token)>()).ToList();
        var heads = (await results.ReadAsync<Head>()).ToList();
        var persons = (await results.ReadAsync<PersonRow>()).ToLookup(p => p.ArticleId);
        var sections = (await results.ReadAsync<ArticleSectionRow>()).ToLookup(s => s.ArticleId);
        var corrections = (await results.ReadAsync<CorrectionRow>()).ToLookup(c => c.ArticleId);

        var representations = heads.Select(h => ArticleRepresentation.Of(h.ToArticle(
            persons[h.Id].Select(p => new ArticlePerson { PersonId = p.PersonId, Slug = p.Slug, Name = p.Name, Role = p.Role }).ToList(),
            sections[h.Id].Select(s => s.ToSection()).ToList(),
            corrections[h.Id].Select(c => c.ToCorrection()).ToList(),
            site.ArticleUrl(h.Id, h.Slug)))).ToList();

        await using var store = new NpgsqlCommand(StoreSql, connection, transaction);
        store.Parameters.Add(new NpgsqlParameter("Ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = heads.Select(h => h.Id).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("Representations", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = representations.Select(r => r.Json).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("ETags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = representations.Select(r => r.ETag).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("LiveRepresentations", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = representations.Select(r => r.LiveJson).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("LiveETags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = representations.Select(r => r.LiveETag).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("Now", clock.GetUtcNow().UtcDateTime));
        store.Parameters.Add(new NpgsqlParameter("NoteIds", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = notes.Select(n => n.ArticleId).ToArray() });
        store.Parameters.Add(new NpgsqlParameter("NoteTokens", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = notes.Select(n => n.Token).ToArray() });
        await store.ExecuteNonQueryAsync(ct);
    }

    private sealed record Head : ArticleSummary
    {
        public string? Disclaimer { get; init; }
        public string[] Extras { get; init; } = [];
        public string? LeadImage { get; init; }
        public DateTime? EmbargoedUntil { get; init; }

        public Article ToArticle(IReadOnlyList<ArticlePerson> persons, IReadOnlyList<Section> sections,
            IReadOnlyList<Correction> corrections, string? canonicalUrl) => new()
        {
            Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status,
            PublishedAt = PublishedAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, Version = Version,
            Source = Source, ImageCredit = ImageCredit, Disclaimer = Disclaimer, Extras = Extras,
            Persons = persons, Sections = sections,
            LeadImage = LeadImage is null ? null : JsonSerializer.Deserialize<LeadImage>(LeadImage, ContentJson.Options),
            EmbargoedUntil = EmbargoedUntil is { } until ? DateTime.SpecifyKind(until, DateTimeKind.Utc) : null,
            Corrections = corrections, CanonicalUrl = canonicalUrl,
        };
    }


    private sealed record PersonRow(Guid ArticleId, Guid PersonId, string Slug, string Name, string? Role);

    private sealed record ArticleSectionRow(Guid ArticleId, string Type, string Document)
    {
        public Section ToSection() => SectionKinds.FromStored(Type, Document);
    }
}
