using FluentValidation;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Imports;

/// <summary>An OZD text to import, as JSON (the same text can be sent as text/plain).</summary>
public sealed record ImportInput
{
    /// <summary>The article as plain text, laid out like OZD's articles (report, then commentary, infobox, analysis, glossary, …).</summary>
    public string? Text { get; init; }

    /// <summary>The title, when the text has none (a text without either gets its report's first sentence, with a warning).</summary>
    public string? Title { get; init; }
}

/// <summary>A dry run: the article the text would become, as it would be written, and what to look at.</summary>
public sealed record ImportPreview
{
    /// <summary>The article as createArticle would take it: correct what needs it and send it there, or import for real.</summary>
    public required ArticleInput Article { get; init; }

    /// <summary>Everything the importer could not place or had to decide, by line.</summary>
    public required IReadOnlyList<ImportWarning> Warnings { get; init; }
}

/// <summary>An import: the new draft as a preview key reads it, and what to look at.</summary>
public sealed record ImportResult
{
    public required Article Article { get; init; }

    /// <summary>Everything the importer could not place or had to decide, by line.</summary>
    public required IReadOnlyList<ImportWarning> Warnings { get; init; }
}

public static class ImportLimits
{
    /// <summary>Characters of text (the request body is limited to 1 MiB before that).</summary>
    public const int Text = 100_000;
}

public sealed class ImportInputValidator : AbstractValidator<ImportInput>
{
    public ImportInputValidator()
    {
        RuleFor(x => x.Text).RequiredText(ImportLimits.Text);
        RuleFor(x => x.Title).OptionalText(ArticleLimits.Title)
            .Must(title => title is null || !string.IsNullOrWhiteSpace(title)).WithMessage("A title, when given, must not be blank.");
    }
}
