using Dapper;
using Npgsql;

namespace OzdContentApi.Keys;

/// <summary>API keys, stored as SHA-256 hashes of their secrets.</summary>
public sealed class ApiKeyStore(NpgsqlDataSource db, TimeProvider clock, ApiKeyCache cache)
{
    private const string Columns =
        "k.id, k.name, k.prefix, k.scopes, k.created_at as CreatedAt, k.revoked_at as RevokedAt";

    private const string FindActiveSql =
        $"select {Columns} from api_keys k where k.secret_hash = @Hash and k.revoked_at is null";

    /// <summary>The key with this secret unless it is revoked; kept a while (<see cref="ApiKeyCache"/>).</summary>
    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken ct)
    {
        if (!ApiKeySecrets.LooksValid(secret))
            return null;
        var hash = ApiKeySecrets.Hash(secret);
        var cacheKey = Convert.ToHexString(hash);
        if (cache.Find(cacheKey) is { } known)
            return known;
        var generation = cache.Generation;
        await using var connection = await db.OpenConnectionAsync(ct);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(
            FindActiveSql, new { Hash = hash }, cancellationToken: ct));
        if (key is not null)
            cache.Keep(cacheKey, key, generation);
        return key;
    }

    private const string InsertSql = $"""
        insert into api_keys as k (id, name, prefix, secret_hash, scopes, created_at, development)
        values (@Id, @Name, @Prefix, @Hash, @Scopes, @Now, @Development)
        on conflict (secret_hash) do nothing
        returning {Columns}
        """;

    /// <summary>Creates a key with a new secret, or with <paramref name="secret"/> when given.</summary>
    /// <param name="development">The well-known key of the Development run, which other environments refuse to start with.</param>
    /// <returns>null when a key with that secret already exists.</returns>
    public async Task<CreatedApiKey?> CreateAsync(string name, IReadOnlyList<string> scopes, CancellationToken ct, string? secret = null,
        bool development = false)
    {
        secret ??= ApiKeySecrets.Generate();
        await using var connection = await db.OpenConnectionAsync(ct);
        var key = await connection.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(InsertSql, new
        {
            Id = Guid.CreateVersion7(), Name = name, Prefix = ApiKeySecrets.Visible(secret),
            Hash = ApiKeySecrets.Hash(secret), Scopes = scopes.ToArray(), Now = clock.GetUtcNow().UtcDateTime,
            Development = development,
        }, cancellationToken: ct));
        return key is null ? null : new CreatedApiKey
        {
            Id = key.Id, Name = key.Name, Prefix = key.Prefix, Scopes = key.Scopes,
            CreatedAt = key.CreatedAt, RevokedAt = key.RevokedAt, Secret = secret,
        };
    }

    private const string ListSql = $"select {Columns} from api_keys k where k.id > @After order by k.id limit @Take";

    public async Task<IReadOnlyList<ApiKey>> ListAsync(Guid? after, int take, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<ApiKey>(new CommandDefinition(
            ListSql, new { After = after ?? Guid.Empty, Take = take }, cancellationToken: ct));
        return rows.AsList();
    }

    private const string FindSql = $"select {Columns} from api_keys k where k.id = @Id";

    public async Task<ApiKey?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<ApiKey>(new CommandDefinition(FindSql, new { Id = id }, cancellationToken: ct));
    }

    private const string ActiveDevelopmentKeysSql = "select count(*) from api_keys where development and revoked_at is null";

    public async Task<long> CountActiveDevelopmentKeysAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(ActiveDevelopmentKeysSql, cancellationToken: ct));
    }

    private const string RevokeDevelopmentKeysSql =
        "update api_keys set revoked_at = @Now where development and revoked_at is null returning id";

    /// <returns>How many keys were revoked.</returns>
    public async Task<int> RevokeDevelopmentKeysAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var revoked = (await connection.QueryAsync<Guid>(new CommandDefinition(
            RevokeDevelopmentKeysSql, new { Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct))).Count();
        cache.Forget();
        return revoked;
    }

    // Revoking twice keeps the first time.
    private const string RevokeSql = """
        update api_keys set revoked_at = coalesce(revoked_at, @Now) where id = @Id returning id
        """;

    /// <returns>False when there is no such key.</returns>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var found = await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            RevokeSql, new { Id = id, Now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct)) is not null;
        // Here at once; other instances when PostgreSQL's notification reaches them.
        cache.Forget();
        return found;
    }
}
