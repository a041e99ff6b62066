using System.Text.Json;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Persons;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.DemoContent;

/// <summary>The files in <c>db/seed</c>: persons first, then articles that mention them.</summary>
public sealed record DemoContentFiles(IReadOnlyList<NewPerson> Persons, IReadOnlyList<NewArticle> Articles)
{
    public static DemoContentFiles Load() => new(Read<List<NewPerson>>("persons.json"), Read<List<NewArticle>>("articles.json"));

    private static T Read<T>(string file)
    {
        using var stream = typeof(DemoContentFiles).Assembly.GetManifestResourceStream($"seed/{file}")
            ?? throw new InvalidOperationException($"db/seed/{file} is not embedded in the build.");
        return JsonSerializer.Deserialize<T>(stream, ContentJson.Options)
            ?? throw new InvalidOperationException($"db/seed/{file} is empty.");
    }
}

/// <summary>Loads the demo content into a database that has neither persons nor articles.</summary>
public sealed class DemoContentSeeder(NpgsqlDataSource db, TimeProvider clock, ILogger<DemoContentSeeder> logger)
{
    // Serialises concurrent starts; "ozdseed" in ASCII.
    private const long AdvisoryLockKey = 0x6F7A6473656564;

    private const string IsEmptySql = "select not exists (select from articles) and not exists (select from persons)";

    /// <returns>True when this call loaded the content.</returns>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        var content = DemoContentFiles.Load();

        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync("select pg_advisory_xact_lock(@Key)", new { Key = AdvisoryLockKey }, transaction);
        if (!await connection.ExecuteScalarAsync<bool>(IsEmptySql, transaction: transaction))
            return false;

        foreach (var person in content.Persons)
            await PersonStore.InsertAsync(connection, transaction, person);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var article in content.Articles)
        {
            await ArticleStore.InsertAsync(connection, transaction, article);
            await ArticleEdits.RecordAsync(connection, transaction, article.Id, before: null, now, ct);
        }
        await transaction.CommitAsync(ct);

        logger.LogInformation("Loaded demo content: {Persons} persons, {Articles} articles",
            content.Persons.Count, content.Articles.Count);
        return true;
    }
}
