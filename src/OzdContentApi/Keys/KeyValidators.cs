using FluentValidation;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Keys;

public sealed class ApiKeyInputValidator : AbstractValidator<ApiKeyInput>
{
    public ApiKeyInputValidator()
    {
        RuleFor(x => x.Name).RequiredText(200);
        RuleFor(x => x.Scopes).Items(1, Scopes.All.Count);
        RuleForEach(x => x.Scopes).OneOf(Scopes.All);
        RuleFor(x => x.Scopes).UniqueItems("Each scope at most once.");
    }
}
