using Dapper;
using Npgsql;
using OzdContentApi.Platform.Database;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Persons;

/// <summary>Reads and writes of persons.</summary>
/// <remarks>Anonymous reads may go to a standby (see <see cref="ReplicaReads"/>); keyed ones go to the primary.</remarks>
public sealed class PersonStore(ReplicaReads reads)
{
    private const string Columns =
        "p.id, p.slug, p.name, p.description, p.created_at as CreatedAt, p.updated_at as UpdatedAt, p.version";

    // The empty string sorts before every slug, so no cursor means "from the start".
    private const string ListSql = $"select {Columns} from persons p where p.slug > @After order by p.slug limit @Take";

    // A name matches when it, or one of its words, starts with the folded query: "sel" finds
    // Selenskyj, "juergen" and "jürgen" find Jürgen. search_name is fold_german(name).
    private const string SearchSql = $"""
        select {Columns} from persons p
        where p.slug > @After
          and (starts_with(p.search_name, fold_german(@Query))
               or strpos(p.search_name, ' ' || fold_german(@Query)) > 0
               or strpos(p.search_name, '-' || fold_german(@Query)) > 0)
        order by p.slug limit @Take
        """;

    public Task<IReadOnlyList<Person>> ListAsync(string? query, string? afterSlug, int take, bool publicRead, CancellationToken ct) =>
        reads.ReadAsync<IReadOnlyList<Person>>(async connection => (await connection.QueryAsync<Person>(new CommandDefinition(
            query is null ? ListSql : SearchSql, new { Query = query, After = afterSlug ?? "", Take = take }, cancellationToken: ct))).AsList(),
            ct, publicRead);

    private const string FindSql = $"select {Columns} from persons p where p.id = @Id or p.slug = @Slug";

    public Task<Person?> FindAsync(IdOrSlug key, bool publicRead, CancellationToken ct) =>
        reads.ReadAsync(connection => connection.QuerySingleOrDefaultAsync<Person>(new CommandDefinition(
            FindSql, new { key.Id, key.Slug }, cancellationToken: ct)), ct, publicRead);

    private const string InsertSql = """
        insert into persons (id, slug, name, description)
        values (@Id, @Slug, @Name, @Description)
        """;

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, NewPerson person) =>
        connection.ExecuteAsync(InsertSql, person, transaction);
}

/// <summary>A person to insert.</summary>
public sealed record NewPerson(Guid Id, string Slug, string Name, string? Description);
