using FluentValidation;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Platform.Validation;

public static class SlugRules
{
    public static IRuleBuilderOptions<T, string?> Slug<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(IdOrSlug.SlugMaxLength)
            .Matches(IdOrSlug.SlugPattern, "Lowercase letters a–z, digits and single hyphens between words, e.g. \"wolodymyr-selenskyj\".");
}
