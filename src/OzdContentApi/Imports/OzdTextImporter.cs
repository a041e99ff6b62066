using Dapper;
using FluentValidation;
using Npgsql;
using OzdContentApi.Articles;

namespace OzdContentApi.Imports;

/// <summary>What an OZD text became: an article ready to write, or why not.</summary>
public abstract record Prepared
{
    public sealed record Ready(ParsedArticle Parsed) : Prepared;

    /// <summary>Not an OZD text (no report, not text): one line to name.</summary>
    public sealed record NotOzdText(ParseFailure Failure) : Prepared;

    /// <summary>An article the service would refuse (a part over its limit): each error names its line.</summary>
    public sealed record Invalid(IReadOnlyList<ParseFailure> Errors) : Prepared;
}

/// <summary>Parses OZD texts against the persons the database knows and writes them as drafts.</summary>
public sealed class OzdTextImporter(NpgsqlDataSource db, ArticleWriter writer, IValidator<ArticleInput> validator)
{
    private const string PersonsSql = "select id, name from persons";

    /// <summary>The persons a text may name (read once per request, or once per archive run).</summary>
    public async Task<IReadOnlyList<KnownPerson>> KnownPersonsAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        return (await connection.QueryAsync<KnownPerson>(new CommandDefinition(PersonsSql, cancellationToken: ct))).ToList();
    }

    public Prepared Prepare(string text, string? title, IReadOnlyList<KnownPerson> persons)
    {
        var (parsed, failure) = OzdTextParser.Parse(text, title, persons);
        if (failure is not null)
            return new Prepared.NotOzdText(failure);
        var result = validator.Validate(parsed!.Article);
        if (!result.IsValid)
            return new Prepared.Invalid(result.Errors
                .Select(e => new ParseFailure(parsed.LineOf(e.PropertyName), $"Line {parsed.LineOf(e.PropertyName)}: {e.PropertyName}: {e.ErrorMessage}"))
                .DistinctBy(f => f.Message).OrderBy(f => f.Line).ToList());
        return new Prepared.Ready(parsed);
    }

    /// <summary>Writes the article as a new draft; <paramref name="alongside"/> adds statements to the same transaction.</summary>
    public Task<WriteOutcome> CreateAsync(ArticleInput article, CancellationToken ct, Action<ArticleWriteBatch, Article>? alongside = null) =>
        writer.CreateAsync(article, ct, alongside);
}
