using System.Text.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using OzdContentApi.Platform.Validation;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.OpenApi;

/// <summary>
/// Writes the FluentValidation rules of request bodies into their schemas, so the document and
/// the validation cannot drift: NotNull/NotEmpty → required (and not nullable), lengths →
/// minLength/maxLength, Matches → pattern, item counts → minItems/maxItems, and the same for the
/// items of a list validated with RuleForEach.
/// </summary>
public sealed class ValidationRulesSchemaFilter : ISchemaFilter
{
    private static readonly IReadOnlyDictionary<Type, IValidator> Validators = typeof(ValidationRulesSchemaFilter).Assembly
        .GetTypes()
        .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (Type: t, Validated: ValidatedType(t)))
        .Where(x => x.Validated is not null)
        .ToDictionary(x => x.Validated!, x => (IValidator)Activator.CreateInstance(x.Type)!);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null || !Validators.TryGetValue(context.Type, out var validator))
            return;

        foreach (var rule in validator.CreateDescriptor().Rules)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(rule.PropertyName ?? "");
            if (!target.Properties.TryGetValue(name, out var entry) || entry is not OpenApiSchema property)
                continue;
            var isEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            var constrained = isEach ? property.Items as OpenApiSchema : property;
            if (constrained is null)
                continue;

            foreach (var component in rule.Components)
            {
                switch (component.Validator)
                {
                    case INotNullValidator or INotEmptyValidator when !isEach:
                        target.Required ??= new HashSet<string>();
                        target.Required.Add(name);
                        property.Type &= ~JsonSchemaType.Null;
                        if (component.Validator is INotEmptyValidator && property.Type == JsonSchemaType.String)
                            NotBlank(property);
                        break;
                    case INotEmptyValidator when constrained.Type == JsonSchemaType.String:
                        NotBlank(constrained);
                        break;
                    case IUniqueItemsValidator:
                        constrained.UniqueItems = true;
                        break;
                    case ILengthValidator length:
                        if (length.Max > 0)
                            constrained.MaxLength = length.Max;
                        if (length.Min > 0)
                            constrained.MinLength = length.Min;
                        break;
                    case ITextPatternValidator regex:
                        constrained.Pattern = regex.Pattern.Pattern;
                        break;
                    case IAllowedValuesValidator allowed:
                        constrained.Enum = allowed.Values.Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)!).ToList();
                        break;
                    case IBetweenValidator between:
                        constrained.Minimum = Convert.ToString(between.From, System.Globalization.CultureInfo.InvariantCulture);
                        constrained.Maximum = Convert.ToString(between.To, System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case IItemCountValidator count:
                        constrained.MinItems = count.Min > 0 ? count.Min : null;
                        constrained.MaxItems = count.Max;
                        break;
                }
            }
        }
    }

    /// <summary>NotEmpty refuses whitespace too: at least one character that is not a space.</summary>
    private static void NotBlank(OpenApiSchema schema)
    {
        schema.MinLength = Math.Max(schema.MinLength ?? 0, 1);
        schema.Pattern ??= NotBlankPattern;
    }

    public const string NotBlankPattern = "\\S";

    private static Type? ValidatedType(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(AbstractValidator<>))
                return t.GetGenericArguments()[0];
        }
        return null;
    }
}
