using FluentValidation;
using OzdContentApi.Platform.Http;
using OzdContentApi.Platform.Text;

namespace OzdContentApi.Platform.Validation;

public static class SlugRules
{
    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(IdOrSlug.SlugMaxLength)
            .Matches(IdOrSlug.SlugPattern, "Lowercase letters a–z, digits and single hyphens between words, e.g. \"wolodymyr-selenskyj\".")
            .Must(slug => slug is null || !Slugs.LooksLikeId(slug))
            .WithMessage("Must not have the form of a UUID: it would be read as an id. The same rule as the database's is_slug.");
}
