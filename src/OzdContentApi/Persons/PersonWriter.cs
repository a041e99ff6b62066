using OzdContentApi.Platform.Database;
using Dapper;
using Npgsql;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Text;

namespace OzdContentApi.Persons;

/// <summary>How a write to a person ended.</summary>
public abstract record PersonOutcome
{
    public sealed record Saved(Person Person, string ETag) : PersonOutcome;
    public sealed record Deleted : PersonOutcome;
    public sealed record NotFound(string Detail) : PersonOutcome;
    public sealed record Stale(string CurrentETag) : PersonOutcome;
    public sealed record Conflict(string Detail) : PersonOutcome;
}

/// <summary>
/// Creating, replacing and deleting persons, each in one transaction under If-Match. (A rename
/// makes the database note the stored bytes of the articles that mention the person as stale;
/// they are rebuilt with the new name when next read.)
/// </summary>
/// <remarks>Each committed write is announced on this instance at once (caches, reads from standbys), before PostgreSQL's notification arrives.</remarks>
public sealed class PersonWriter(NpgsqlDataSource db, TimeProvider clock, ContentChanges changes)
{
    private const string Columns =
        "id, slug, name, description, created_at as CreatedAt, updated_at as UpdatedAt, version";

    // A change takes the row lock that does not conflict with the key-share locks of foreign-key
    // checks: an article write adding a mention of this person does not wait for it (nor it for
    // the article's lock in the other order). A delete takes the full lock, which does.
    private const string LockForChangeSql = $"select {Columns} from persons where id = @Id or slug = @Slug for no key update";
    private const string LockForDeleteSql = $"select {Columns} from persons where id = @Id or slug = @Slug for update";

    private const string InsertSql = $"""
        insert into persons (id, slug, name, description, created_at, updated_at)
        values (@Id, @Slug, @Name, @Description, @Now, @Now)
        returning {Columns}
        """;

    public async Task<PersonOutcome> CreateAsync(PersonInput input, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var slug = await ResolveSlugAsync(connection, transaction, id, input.Slug, input.Name!, ct);
        if (slug.Conflict is not null)
            return new PersonOutcome.Conflict(slug.Conflict);

        var person = await connection.QuerySingleAsync<Person>(InsertSql, new
        {
            Id = id, Slug = slug.Slug, input.Name, input.Description, Now = Now,
        }, transaction);
        await transaction.CommitAsync(ct);
        changes.Announce("person", id);
        return new PersonOutcome.Saved(person, ETags.Of(person));
    }

    private const string UpdateSql = $"""
        update persons
        set slug = @Slug, name = @Name, description = @Description, updated_at = @Now, version = version + 1
        where id = @Id
        returning {Columns};
        select article_id from article_persons where person_id = @Id and @Renamed;
        """;

    /// <summary>Replaces name, description and slug (an omitted slug keeps the current one).</summary>
    public async Task<PersonOutcome> ReplaceAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, PersonInput input, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (current, failure) = await LockAsync(connection, transaction, LockForChangeSql, key, ifMatch, ct);
        if (failure is not null)
            return failure;
        var id = current!.Id;
        var slug = await ResolveSlugAsync(connection, transaction, id, input.Slug ?? current.Slug, input.Name!, ct);
        if (slug.Conflict is not null)
            return new PersonOutcome.Conflict(slug.Conflict);

        // A new name or slug changes the bytes of the articles naming the person (the database notes
        // them stale and tells every instance, migration 0008); they come back with the update, and
        // this instance evicts them before it answers, so whoever renamed reads the new name at once.
        var renamed = input.Name != current.Name || slug.Slug != current.Slug;
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(UpdateSql, new
        {
            Id = id, Slug = slug.Slug, input.Name, input.Description, Now = Now, Renamed = renamed,
        }, transaction, cancellationToken: ct));
        var person = await results.ReadSingleAsync<Person>();
        var mentioning = (await results.ReadAsync<Guid>()).ToList();
        await transaction.CommitAsync(ct);
        changes.Announce([new ContentChange("person", id), .. mentioning.Select(article => new ContentChange("article", article))]);
        return new PersonOutcome.Saved(person, ETags.Of(person));
    }

    // Both are foreign keys too, so a delete racing a write that adds a reference still fails.
    private const string ReferencedSql = """
        select (select count(*) from article_persons where person_id = @Id)
             + (select count(*) from glossary_person_links where person_id = @Id)
        """;

    /// <summary>Deletes a person no article mentions or links to; otherwise 409.</summary>
    public async Task<PersonOutcome> DeleteAsync(IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var (current, failure) = await LockAsync(connection, transaction, LockForDeleteSql, key, ifMatch, ct);
        if (failure is not null)
            return failure;
        var id = current!.Id;

        var references = await connection.ExecuteScalarAsync<long>(ReferencedSql, new { Id = id }, transaction);
        if (references > 0)
            return new PersonOutcome.Conflict(
                $"The person {id} is still referenced by {references} article mention(s) or glossary entries; remove those first.");

        await connection.ExecuteAsync("delete from persons where id = @Id", new { Id = id }, transaction);
        await transaction.CommitAsync(ct);
        changes.Announce("person", id);
        return new PersonOutcome.Deleted();
    }

    /// <summary>Locks the person until the transaction ends and checks If-Match against what is stored.</summary>
    private static async Task<(Person? Current, PersonOutcome? Failure)> LockAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, string lockSql, IdOrSlug key, IReadOnlyList<string> ifMatch, CancellationToken ct)
    {
        var current = await connection.QuerySingleOrDefaultAsync<Person>(new CommandDefinition(lockSql, new { key.Id, key.Slug }, transaction, cancellationToken: ct));
        if (current is null)
            return (null, new PersonOutcome.NotFound($"There is no person with the id or slug '{key}'."));
        var etag = ETags.Of(current);
        return Preconditions.Matches(ifMatch, etag) ? (current, null) : (null, new PersonOutcome.Stale(etag));
    }

    // Writers generating from the same base take turns until they commit (an advisory lock, in a
    // statement of its own so the next statement's snapshot sees what the one before committed).
    // Candidates base, base-2, … are looked up in the unique index, 32 at a time.
    private const string TakenSlugsSql = """
        select pg_advisory_xact_lock(hashtextextended('slug:person:' || @Base, 0));
        select slug from persons where id <> @Id and slug = any(@Candidates);
        """;

    private const int SlugCandidates = 32;

    /// <summary>An explicit slug must be free (else a conflict); a generated one gets -2, -3, … until it is.</summary>
    private static async Task<(string? Slug, string? Conflict)> ResolveSlugAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, Guid id, string? requested, string name, CancellationToken ct)
    {
        var baseSlug = requested ?? Slugs.From(name, "person");
        for (var from = 1; ; from += SlugCandidates)
        {
            var candidates = requested is not null ? [requested] : Enumerable.Range(from, SlugCandidates).Select(n => Slugs.WithSuffix(baseSlug, n)).ToArray();
            await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
                TakenSlugsSql, new { Id = id, Base = baseSlug, Candidates = candidates }, transaction, cancellationToken: ct));
            await results.ReadAsync<object>();
            var taken = (await results.ReadAsync<string>()).ToHashSet();
            if (requested is not null)
                return taken.Contains(requested) ? (null, $"The slug '{requested}' is taken by another person.") : (requested, null);
            if (candidates.FirstOrDefault(c => !taken.Contains(c)) is { } free)
                return (free, null);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
