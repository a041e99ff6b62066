using FluentValidation;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Articles.Sections;

/// <summary>The limits of every section type. The OpenAPI document is derived from these rules.</summary>
public static class SectionLimits
{
    public const int Heading = 300;
    public const int Paragraph = 10_000;
    public const int Paragraphs = 200;
    public const int Label = 100;
    public const int Person = 200;
    public const int Item = 1_000;
    public const int ListItems = 100;
    public const int Answer = 10_000;
}

/// <summary>Validates any section input: that it has a known type, then that type's rules (from <see cref="SectionKinds"/>).</summary>
public sealed class SectionInputValidator : AbstractValidator<SectionInput>
{
    public SectionInputValidator()
    {
        RuleFor(x => x)
            .Must(x => x.GetType() != typeof(SectionInput))
            .WithName("type").OverridePropertyName("type")
            .WithMessage($"Required: one of {string.Join(", ", SectionKinds.Names)}.");

        RuleFor(x => x).SetInheritanceValidator(v =>
        {
            foreach (var kind in SectionKinds.All)
                kind.AddValidator(v);
        }).OverridePropertyName("");
    }
}

public sealed class ReportSectionInputValidator : AbstractValidator<ReportSectionInput>
{
    public ReportSectionInputValidator()
    {
        RuleFor(x => x.Title).OptionalText(SectionLimits.Heading);
        RuleFor(x => x.Paragraphs).Items(1, SectionLimits.Paragraphs);
        RuleForEach(x => x.Paragraphs).RequiredText(SectionLimits.Paragraph);
        RuleFor(x => x.Byline).OptionalText(SectionLimits.Person);
    }
}

public sealed class CommentarySectionInputValidator : AbstractValidator<CommentarySectionInput>
{
    public CommentarySectionInputValidator()
    {
        RuleFor(x => x.Label).RequiredText(SectionLimits.Label);
        RuleFor(x => x.Title).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Paragraphs).Items(1, SectionLimits.Paragraphs);
        RuleForEach(x => x.Paragraphs).RequiredText(SectionLimits.Paragraph);
        RuleFor(x => x.Author).OptionalText(SectionLimits.Person);
    }
}

public sealed class InfoboxSectionInputValidator : AbstractValidator<InfoboxSectionInput>
{
    public InfoboxSectionInputValidator()
    {
        RuleFor(x => x.Title).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Items).Items(1, SectionLimits.ListItems);
        RuleForEach(x => x.Items).RequiredText(SectionLimits.Item);
    }
}

public sealed class AnalysisSectionInputValidator : AbstractValidator<AnalysisSectionInput>
{
    public AnalysisSectionInputValidator()
    {
        RuleFor(x => x.Title).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Groups).Items(1, SectionLimits.ListItems);
        RuleForEach(x => x.Groups).NotNull().SetValidator(new AnalysisGroupInputValidator());
    }
}

public sealed class AnalysisGroupInputValidator : AbstractValidator<AnalysisGroupInput>
{
    public AnalysisGroupInputValidator()
    {
        RuleFor(x => x.Heading).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Points).Items(1, SectionLimits.ListItems);
        RuleForEach(x => x.Points).RequiredText(SectionLimits.Item);
    }
}

public sealed class GlossarySectionInputValidator : AbstractValidator<GlossarySectionInput>
{
    public GlossarySectionInputValidator()
    {
        RuleFor(x => x.Title).OptionalText(SectionLimits.Heading);
        RuleFor(x => x.Entries).Items(1, SectionLimits.ListItems);
        RuleForEach(x => x.Entries).NotNull().SetValidator(new GlossaryEntryInputValidator());
    }
}

public sealed class GlossaryEntryInputValidator : AbstractValidator<GlossaryEntryInput>
{
    public GlossaryEntryInputValidator()
    {
        RuleFor(x => x.Term).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Question).RequiredText(SectionLimits.Heading);
        RuleFor(x => x.Answer).RequiredText(SectionLimits.Answer);
    }
}

public sealed class SectionOrderInputValidator : AbstractValidator<SectionOrderInput>
{
    public SectionOrderInputValidator()
    {
        RuleFor(x => x.SectionIds).Items(1, SectionLimits.ListItems).UniqueItems("Each section id at most once.");
    }
}
