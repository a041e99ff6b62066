using FluentValidation;
using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Webhooks;

public sealed class WebhookInputValidator : AbstractValidator<WebhookInput>
{
    public WebhookInputValidator()
    {
        RuleFor(x => x.Url).RequiredText(2000)
            .Must(url => url is not null && WebUrls.Parse(url) is { Fragment.Length: 0 })
            .WithMessage("Must be an absolute http or https URL, without user info or fragment.");
        RuleFor(x => x.Events).Items(1, WebhookEventTypes.All.Length);
        RuleForEach(x => x.Events).OneOf(WebhookEventTypes.All);
        RuleFor(x => x.Events).UniqueItems("Each event type at most once.");
        RuleFor(x => x.Description).OptionalText(500);
    }
}
