using System.Globalization;
using System.Text;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// URL names from titles and names: lowercase ASCII words joined by hyphens, with German
/// letters transliterated (ä→ae, ö→oe, ü→ue, ß→ss) and other accents dropped (é→e).
/// </summary>
public static class Slugs
{
    public static string From(string text, string fallback)
    {
        var builder = new StringBuilder(text.Length + 8);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var ascii = Transliterate(c);
            if (ascii.Length == 0)
            {
                pendingHyphen = builder.Length > 0;
                continue;
            }
            if (pendingHyphen)
                builder.Append('-');
            pendingHyphen = false;
            builder.Append(ascii);
        }

        var slug = builder.ToString();
        if (slug.Length > IdOrSlug.SlugMaxLength - 10)
        {
            // Leave room for a "-NN" suffix and cut at a word boundary.
            slug = slug[..(IdOrSlug.SlugMaxLength - 10)];
            var lastHyphen = slug.LastIndexOf('-');
            if (lastHyphen > 0)
                slug = slug[..lastHyphen];
        }
        return slug.Length == 0 ? fallback : slug;
    }

    /// <summary>The n-th alternative when a generated slug is taken: base-2, base-3, ….</summary>
    public static string WithSuffix(string slug, int n) => n <= 1 ? slug : $"{slug}-{n}";

    private static string Transliterate(char c) => c switch
    {
        >= 'a' and <= 'z' or >= '0' and <= '9' => c.ToString(),
        >= 'A' and <= 'Z' => char.ToLowerInvariant(c).ToString(),
        'ä' or 'Ä' => "ae",
        'ö' or 'Ö' => "oe",
        'ü' or 'Ü' => "ue",
        'ß' or 'ẞ' => "ss",
        _ => WithoutAccent(c),
    };

    private static string WithoutAccent(char c)
    {
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        var letters = decomposed.Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark);
        var ascii = string.Concat(letters.Where(char.IsAsciiLetterOrDigit)).ToLowerInvariant();
        return ascii;
    }
}

/// <summary>
/// Picks the slug a write stores: an explicit one must be free (else a conflict), a generated
/// one gets -2, -3, … until it is. Table names come from this closed list, never from input.
/// </summary>
public static class SlugAllocation
{
    public enum Kind { Article, Person }

    private const string TakenArticleSlugsSql = """
        select slug from articles where id <> @Id and (slug = @Base or slug ~ ('^' || @Base || '-[0-9]+$'))
        """;

    private const string TakenPersonSlugsSql = """
        select slug from persons where id <> @Id and (slug = @Base or slug ~ ('^' || @Base || '-[0-9]+$'))
        """;

    /// <param name="requested">The slug the client sent, or null to generate one from <paramref name="source"/>.</param>
    /// <returns>The slug to store, or why it cannot be had.</returns>
    public static async Task<(string? Slug, string? Conflict)> ResolveAsync(Npgsql.NpgsqlConnection connection,
        Npgsql.NpgsqlTransaction transaction, Kind kind, Guid id, string? requested, string source, CancellationToken ct)
    {
        var (sql, fallback, noun) = kind == Kind.Article
            ? (TakenArticleSlugsSql, "artikel", "article")
            : (TakenPersonSlugsSql, "person", "person");
        var baseSlug = requested ?? Slugs.From(source, fallback);
        var taken = (await Dapper.SqlMapper.QueryAsync<string>(connection, new Dapper.CommandDefinition(
            sql, new { Id = id, Base = baseSlug }, transaction, cancellationToken: ct))).ToHashSet();

        if (requested is not null)
            return taken.Contains(requested) ? (null, $"The slug '{requested}' is taken by another {noun}.") : (requested, null);
        for (var n = 1; ; n++)
        {
            var candidate = Slugs.WithSuffix(baseSlug, n);
            if (!taken.Contains(candidate))
                return (candidate, null);
        }
    }
}
