using System.Text.Json;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Persons;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.DemoContent;

/// <summary>The files in <c>db/seed</c>: persons first, then articles that mention them.</summary>
public sealed record DemoContentFiles(IReadOnlyList<NewPerson> Persons, IReadOnlyList<SeedArticle> Articles)
{
    public static DemoContentFiles Load() => new(Read<List<NewPerson>>("persons.json"), Read<List<SeedArticle>>("articles.json"));

    /// <summary>The first demo article as OZD writes it (shared/samples), for the import's examples.</summary>
    public static string SampleText()
    {
        using var stream = typeof(DemoContentFiles).Assembly.GetManifestResourceStream("seed/ozd-miami-talks.txt")
            ?? throw new InvalidOperationException("db/seed/ozd-miami-talks.txt is not embedded in the build.");
        return new StreamReader(stream).ReadToEnd();
    }

    private static T Read<T>(string file)
    {
        using var stream = typeof(DemoContentFiles).Assembly.GetManifestResourceStream($"seed/{file}")
            ?? throw new InvalidOperationException($"db/seed/{file} is not embedded in the build.");
        return JsonSerializer.Deserialize<T>(stream, ContentJson.Options)
            ?? throw new InvalidOperationException($"db/seed/{file} is empty.");
    }
}

/// <summary>An article of the demo content: complete, with its status and publication time.</summary>
public sealed record SeedArticle
{
    public required Guid Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public string? Teaser { get; init; }
    public string Language { get; init; } = "de";
    public required ArticleStatus Status { get; init; }
    public DateTime? PublishedAt { get; init; }
    public string? Source { get; init; }
    public string? ImageCredit { get; init; }
    public string? Disclaimer { get; init; }
    public IReadOnlyList<string> Extras { get; init; } = [];
    public IReadOnlyList<SeedMention> Persons { get; init; } = [];
    public IReadOnlyList<Section> Sections { get; init; } = [];
    public LeadImage? LeadImage { get; init; }
    public DateTime? EmbargoedUntil { get; init; }
    public IReadOnlyList<Correction> Corrections { get; init; } = [];
    public int Version { get; init; } = 1;

    public Article ToArticle(DateTime now) => new()
    {
        Id = Id, Slug = Slug, Title = Title, Teaser = Teaser, Language = Language, Status = Status, PublishedAt = PublishedAt,
        CreatedAt = now, UpdatedAt = now, Version = Version, Source = Source, ImageCredit = ImageCredit, Disclaimer = Disclaimer,
        Extras = Extras,
        Persons = Persons.Select(p => new ArticlePerson { PersonId = p.PersonId, Slug = "", Name = "", Role = p.Role }).ToList(),
        Sections = Sections.Select((s, i) => s with { Position = i + 1 }).ToList(),
        LeadImage = LeadImage, EmbargoedUntil = EmbargoedUntil, Corrections = Corrections, CanonicalUrl = null,
    };
}

/// <summary>A person a demo article mentions, and how it describes them.</summary>
public sealed record SeedMention(Guid PersonId, string? Role);

/// <summary>Loads the demo content into a database that has neither persons nor articles.</summary>
public sealed class DemoContentSeeder(NpgsqlDataSource db, ArticleWriter articles, ArticleTransaction transaction,
    ILogger<DemoContentSeeder> logger)
{
    // Serialises concurrent starts; "ozdseed" in ASCII.
    private const long AdvisoryLockKey = 0x6F7A6473656564;

    private const string IsEmptySql = "select not exists (select from articles) and not exists (select from persons)";

    /// <returns>True when this call loaded the content.</returns>
    public async Task<bool> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        var content = DemoContentFiles.Load();

        await using var connection = await db.OpenConnectionAsync(ct);
        await connection.ExecuteAsync("select pg_advisory_lock(@Key)", new { Key = AdvisoryLockKey });
        try
        {
            if (!await connection.ExecuteScalarAsync<bool>(IsEmptySql))
                return false;
            await using (var persons = await connection.BeginTransactionAsync(ct))
            {
                foreach (var person in content.Persons)
                    await PersonStore.InsertAsync(connection, persons, person);
                await persons.CommitAsync(ct);
            }
            foreach (var article in content.Articles)
            {
                if (await articles.ImportAsync(article.ToArticle(transaction.Now), ct) is not WriteOutcome.Saved)
                    throw new InvalidOperationException($"The demo article {article.Slug} could not be stored.");
            }
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@Key)", new { Key = AdvisoryLockKey });
        }

        logger.LogInformation("Loaded demo content: {Persons} persons, {Articles} articles",
            content.Persons.Count, content.Articles.Count);
        return true;
    }
}
