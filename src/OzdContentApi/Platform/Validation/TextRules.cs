using FluentValidation;
using FluentValidation.Validators;

namespace OzdContentApi.Platform.Validation;

/// <summary>
/// Rules every stored string follows. PostgreSQL refuses NUL in text and jsonb, and a lone
/// UTF-16 surrogate (JSON "\ud800") cannot become UTF-8: both are 400s here, not 500s there.
/// </summary>
public static class TextRules
{
    public static IRuleBuilderOptions<T, string?> RequiredText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.NotEmpty().WithMessage("Required, and not empty.")
            .SetValidator(new CharacterLengthValidator<T>(maxLength))
            .Must(BeStorable).WithMessage(StorableMessage);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule, int maxLength) =>
        rule.SetValidator(new CharacterLengthValidator<T>(maxLength))
            .Must(BeStorable).WithMessage(StorableMessage);

    /// <summary>
    /// Characters as JSON Schema's maxLength and PostgreSQL's length() count them: Unicode code
    /// points, so an emoji is one (string.Length, UTF-16, counts it as two).
    /// </summary>
    public static int Characters(string text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> Items<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, int min, int max) =>
        rule.NotNull().WithMessage("Required.")
            .SetValidator(new ItemCountValidator<T, TItem>(min, max));

    public const string StorableMessage = "Must not contain NUL characters or unpaired surrogates.";

    public static bool BeStorable(string? text)
    {
        if (text is null)
            return true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
                return false;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return false;
        }
        return true;
    }
}

/// <summary>At most so many characters (<see cref="TextRules.Characters"/>); the OpenAPI filter writes maxLength.</summary>
public sealed class CharacterLengthValidator<T>(int max) : PropertyValidator<T, string?>, ILengthValidator
{
    public int Min => 0;
    public int Max => max;
    public override string Name => "CharacterLengthValidator";

    public override bool IsValid(ValidationContext<T> context, string? value)
    {
        if (value is null || value.Length <= max)
            return true;
        var characters = TextRules.Characters(value);
        context.MessageFormatter.AppendArgument("Characters", characters);
        return characters <= max;
    }

    protected override string GetDefaultMessageTemplate(string errorCode) =>
        $"At most {max} characters (Unicode code points); this has {{Characters}}.";
}

/// <summary>Bounds a list's length; the OpenAPI filter reads the bounds into minItems/maxItems.</summary>
public interface IItemCountValidator
{
    int Min { get; }
    int Max { get; }
}

public sealed class ItemCountValidator<T, TItem>(int min, int max)
    : PropertyValidator<T, IReadOnlyList<TItem>?>, IItemCountValidator
{
    public int Min => min;
    public int Max => max;
    public override string Name => "ItemCountValidator";

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<TItem>? value) =>
        value is null || (value.Count >= min && value.Count <= max);

    protected override string GetDefaultMessageTemplate(string errorCode) =>
        min == 0 ? $"At most {max} items." : $"Between {min} and {max} items.";
}

/// <summary>Each item of a list at most once; the OpenAPI filter writes uniqueItems.</summary>
public interface IUniqueItemsValidator;

public sealed class UniqueItemsValidator<T, TItem>(string message) : PropertyValidator<T, IReadOnlyList<TItem>?>, IUniqueItemsValidator
{
    public override string Name => "UniqueItemsValidator";

    public override bool IsValid(ValidationContext<T> context, IReadOnlyList<TItem>? value) =>
        value is null || value.Distinct().Count() == value.Count;

    protected override string GetDefaultMessageTemplate(string errorCode) => message;
}

public static class UniqueItemsRules
{
    public static IRuleBuilderOptions<T, IReadOnlyList<TItem>?> UniqueItems<T, TItem>(this IRuleBuilder<T, IReadOnlyList<TItem>?> rule, string message) =>
        rule.SetValidator(new UniqueItemsValidator<T, TItem>(message));
}

/// <summary>A value from a fixed list; the OpenAPI filter writes the list as an enum.</summary>
public interface IAllowedValuesValidator
{
    IReadOnlyList<string> Values { get; }
}

public sealed class AllowedValuesValidator<T>(IReadOnlyList<string> values) : PropertyValidator<T, string?>, IAllowedValuesValidator
{
    public IReadOnlyList<string> Values => values;
    public override string Name => "AllowedValuesValidator";

    public override bool IsValid(ValidationContext<T> context, string? value) => value is not null && values.Contains(value);

    protected override string GetDefaultMessageTemplate(string errorCode) => $"Must be one of: {string.Join(", ", values)}.";
}

public static class AllowedValuesRules
{
    public static IRuleBuilderOptions<T, string?> OneOf<T>(this IRuleBuilder<T, string?> rule, IReadOnlyList<string> values) =>
        rule.SetValidator(new AllowedValuesValidator<T>(values));
}
