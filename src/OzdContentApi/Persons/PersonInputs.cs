using FluentValidation;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Persons;

/// <summary>A person as clients write it (create or replace).</summary>
public sealed record PersonInput
{
    /// <summary>Unique URL name; generated from the name when omitted.</summary>
    public string? Slug { get; init; }

    /// <summary>The name as written, e.g. "Wolodymyr Selenskyj".</summary>
    public string? Name { get; init; }

    /// <summary>A short neutral bio, e.g. "Präsident der Ukraine seit 2019".</summary>
    public string? Description { get; init; }
}

public sealed class PersonInputValidator : AbstractValidator<PersonInput>
{
    public PersonInputValidator()
    {
        RuleFor(x => x.Slug).Slug();
        RuleFor(x => x.Name).RequiredText(200);
        RuleFor(x => x.Description).OptionalText(1000);
    }
}
