using System.Text.Json.Serialization;
using FluentValidation;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Articles.Newsroom;

/// <summary>
/// What a correction does (German press code, Ziffer 3): corrects an error, clarifies something
/// misleading, withdraws a claim, or adds what happened since.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<CorrectionKind>))]
public enum CorrectionKind
{
    [JsonStringEnumMemberName("correction")] Correction,
    [JsonStringEnumMemberName("clarification")] Clarification,
    [JsonStringEnumMemberName("retraction")] Retraction,
    [JsonStringEnumMemberName("update")] Update,
}

public static class CorrectionKindNames
{
    /// <summary>The kind as the API, the database and the formats spell it ("clarification").</summary>
    public static string Name(this CorrectionKind kind) => kind switch
    {
        CorrectionKind.Correction => "correction",
        CorrectionKind.Clarification => "clarification",
        CorrectionKind.Retraction => "retraction",
        CorrectionKind.Update => "update",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

/// <summary>A published correction: part of the article from then on, never edited or removed.</summary>
public sealed record Correction
{
    public required Guid Id { get; init; }

    public required CorrectionKind Kind { get; init; }

    /// <summary>What readers are told: what was wrong and what is right.</summary>
    public required string Text { get; init; }

    /// <summary>The section it corrects, or null for the article as a whole.</summary>
    public required Guid? SectionId { get; init; }

    public required DateTime PublishedAt { get; init; }

    /// <summary>The article version the correction was published with: revisions before it show the text it corrects.</summary>
    public required int Version { get; init; }
}

public sealed record CorrectionInput
{
    public CorrectionKind? Kind { get; init; }

    public string? Text { get; init; }

    public Guid? SectionId { get; init; }
}

public static class CorrectionLimits
{
    public const int Text = 2_000;
    public const int PerArticle = 100;
}

public sealed class CorrectionInputValidator : AbstractValidator<CorrectionInput>
{
    public CorrectionInputValidator()
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Required: correction, clarification, retraction or update.").IsInEnum();
        RuleFor(x => x.Text).RequiredText(CorrectionLimits.Text);
    }
}
