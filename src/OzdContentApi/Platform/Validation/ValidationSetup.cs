using System.Text.Json;
using FluentValidation;
using FluentValidation.Resources;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Platform.Validation;

public static class ValidationSetup
{
    /// <summary>
    /// Error keys are the JSON paths clients send: <c>sections[2].items[0]</c>. Set when the
    /// assembly loads, since a rule takes its property name when its validator is built, and
    /// validators are built as static tables too (SectionKinds), possibly before Program runs.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseJsonPropertyNames()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // FluentValidation's own words for a null item ("'sections' must not be empty.") name the
        // list, not the item, and say empty where the client sent null.
        ((LanguageManager)ValidatorOptions.Global.LanguageManager).AddTranslation("en", "NotNullValidator", "Required: null is not a value here.");
    }

    /// <summary>Validates the body of type <typeparamref name="T"/> before the handler runs: 400 with every error.</summary>
    /// <param name="optional">An absent body is allowed (the handler gets null) instead of a 400.</param>
    public static RouteHandlerBuilder WithValidation<T>(this RouteHandlerBuilder builder, bool optional = false) where T : class =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var body = context.Arguments.OfType<T>().SingleOrDefault();
            if (body is null && optional)
                return await next(context);
            if (body is null)
                return Problems.Invalid(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
            var validator = context.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
            if (result.IsValid)
                return await next(context);
            return Problems.Invalid(result.Errors
                .GroupBy(e => e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
        }).ProducesValidationProblem();
}
