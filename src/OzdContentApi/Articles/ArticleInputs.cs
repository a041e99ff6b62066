using FluentValidation;
using OzdContentApi.Articles.Newsroom;
using OzdContentApi.Articles.Sections;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Articles;

/// <summary>
/// An article as clients write it: created as a draft, or replacing an article whole (sections
/// and persons included). Status and publication time change only through publish and unpublish.
/// </summary>
public sealed record ArticleInput
{
    /// <summary>Unique URL name; generated from the title when omitted (ä→ae, ö→oe, ü→ue, ß→ss).</summary>
    public string? Slug { get; init; }

    /// <summary>The headline.</summary>
    public string? Title { get; init; }

    /// <summary>A short introduction shown in lists.</summary>
    public string? Teaser { get; init; }

    /// <summary>ISO 639-1 language code; "de" when omitted.</summary>
    public string? Language { get; init; }

    /// <summary>The outlet that produced it, e.g. "OZD".</summary>
    public string? Source { get; init; }

    /// <summary>Who took the title image, e.g. "AFP".</summary>
    public string? ImageCredit { get; init; }

    /// <summary>Printed under the article, e.g. "Alle Angaben ohne Gewähr.".</summary>
    public string? Disclaimer { get; init; }

    /// <summary>The "OZD-Extras" notes, in order.</summary>
    public IReadOnlyList<string>? Extras { get; init; }

    /// <summary>The people the article mentions, in order; each person at most once.</summary>
    public IReadOnlyList<MentionInput>? Persons { get; init; }

    /// <summary>The sections in order.</summary>
    public IReadOnlyList<SectionInput>? Sections { get; init; }

    /// <summary>The lead image, or null for none; its credit becomes the article's imageCredit.</summary>
    public LeadImageInput? LeadImage { get; init; }
}

/// <summary>A person the article mentions, and how it describes them.</summary>
public sealed record MentionInput
{
    /// <summary>The person's UUID; the person must exist.</summary>
    public Guid? PersonId { get; init; }

    /// <summary>How this article describes the person, e.g. "ukrainischer Chefunterhändler".</summary>
    public string? Role { get; init; }
}

/// <summary>When to publish.</summary>
public sealed record PublishInput
{
    /// <summary>
    /// When the article goes live: an RFC 3339 time with Z or any offset (kept in UTC), from
    /// 1900-01-01T00:00:00Z to 3000-01-01T00:00:00Z; a time without a zone is refused. Omitted or in the past: published now (or as of that
    /// past time). In the future: scheduled, and visible from then on without further action.
    /// </summary>
    public DateTime? PublishAt { get; init; }

    /// <summary>
    /// A future time before which only keys with the syndication scope (and preview) see the
    /// article. It becomes public at the later of publishAt and embargoedUntil. Publishing again
    /// without it lifts the embargo.
    /// </summary>
    public DateTime? EmbargoedUntil { get; init; }
}

public static class ArticleLimits
{
    public const int Title = 300;
    public const int Teaser = 1_000;
    public const int Extras = 20;
    public const int Extra = 2_000;
    public const int Persons = 100;
    public const int Role = 300;
    public const int Sections = 100;
}

public sealed class ArticleInputValidator : AbstractValidator<ArticleInput>
{
    /// <summary>The same rule as the database's check on articles.language.</summary>
    public static readonly TextPattern LanguagePattern = new("^[a-z]{2}$");

    public ArticleInputValidator()
    {
        RuleFor(x => x.Slug).Slug();
        RuleFor(x => x.Title).RequiredText(ArticleLimits.Title);
        RuleFor(x => x.Teaser).OptionalText(ArticleLimits.Teaser);
        RuleFor(x => x.Language).Matches(LanguagePattern, "An ISO 639-1 code such as \"de\".");
        RuleFor(x => x.Source).OptionalText(100);
        RuleFor(x => x.ImageCredit).OptionalText(200);
        RuleFor(x => x.Disclaimer).OptionalText(1_000);

        RuleFor(x => x.Extras).SetValidator(new ItemCountValidator<ArticleInput, string>(0, ArticleLimits.Extras));
        RuleForEach(x => x.Extras).RequiredText(ArticleLimits.Extra);

        RuleFor(x => x.Persons).SetValidator(new ItemCountValidator<ArticleInput, MentionInput>(0, ArticleLimits.Persons));
        RuleForEach(x => x.Persons).NotNull().SetValidator(new MentionInputValidator());
        RuleFor(x => x.Persons).Custom((persons, context) =>
        {
            var seen = new HashSet<Guid>();
            for (var i = 0; i < (persons?.Count ?? 0); i++)
            {
                if (persons![i]?.PersonId is { } id && !seen.Add(id))
                    context.AddFailure($"persons[{i}].personId", "This person is already mentioned; mention each person once.");
            }
        });

        RuleFor(x => x.Sections).SetValidator(new ItemCountValidator<ArticleInput, SectionInput>(0, ArticleLimits.Sections));
        RuleForEach(x => x.Sections).NotNull().SetValidator(new SectionInputValidator());

        RuleFor(x => x.LeadImage).SetValidator(new LeadImageInputValidator()!);
        RuleFor(x => x.ImageCredit)
            .Must((input, credit) => credit is null || input.LeadImage?.Credit is null || credit == input.LeadImage.Credit)
            .WithMessage("Differs from leadImage.credit: send one of them, or the same credit in both.");
    }
}

public sealed class MentionInputValidator : AbstractValidator<MentionInput>
{
    public MentionInputValidator()
    {
        RuleFor(x => x.PersonId).NotNull().WithMessage("Required.");
        RuleFor(x => x.Role).OptionalText(ArticleLimits.Role);
    }
}

public sealed class PublishInputValidator : AbstractValidator<PublishInput>
{
    public PublishInputValidator()
    {
        RuleFor(x => x.PublishAt)
            .Must(t => t is null || t.Value.Kind != DateTimeKind.Unspecified)
            .WithMessage("A time with Z or an offset, e.g. 2026-01-05T06:00:00Z.")
            .Must(t => t is null || t.Value.Kind == DateTimeKind.Unspecified || TimeRules.IsInRange(t.Value))
            .WithMessage(TimeRules.RangeMessage);
        RuleFor(x => x.EmbargoedUntil)
            .Must(t => t is null || t.Value.Kind != DateTimeKind.Unspecified)
            .WithMessage("A time with Z or an offset, e.g. 2026-01-05T06:00:00Z.")
            .Must(t => t is null || t.Value.Kind == DateTimeKind.Unspecified || TimeRules.IsInRange(t.Value))
            .WithMessage(TimeRules.RangeMessage);
    }
}
