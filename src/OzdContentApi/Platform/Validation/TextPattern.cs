using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Validators;

namespace OzdContentApi.Platform.Validation;

/// <summary>
/// One pattern with one meaning wherever it is checked. It is written once, anchored with
/// <c>^…$</c>, the way JSON Schema (the OpenAPI document) and PostgreSQL's <c>~</c> read it: <c>$</c>
/// is the end of the text. .NET's <c>$</c> also matches before a final "\n", so "abc\n" would pass
/// here and fail in the database; the .NET check therefore ends in <c>\z</c>.
/// </summary>
public sealed class TextPattern
{
    private readonly Regex _regex;

    public TextPattern(string pattern)
    {
        if (!pattern.StartsWith('^') || !pattern.EndsWith('$'))
            throw new ArgumentException("A text pattern is anchored at both ends: ^…$.", nameof(pattern));
        Pattern = pattern;
        _regex = new Regex(pattern[..^1] + @"\z", RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>As written: for the OpenAPI document.</summary>
    public string Pattern { get; }

    public bool IsMatch(string value) => _regex.IsMatch(value);

    public override string ToString() => Pattern;
}

/// <summary>A FluentValidation rule for a <see cref="TextPattern"/>; the OpenAPI filter writes it as <c>pattern</c>.</summary>
public interface ITextPatternValidator
{
    TextPattern Pattern { get; }
}

public sealed class TextPatternValidator<T>(TextPattern pattern, string message) : PropertyValidator<T, string?>, ITextPatternValidator
{
    public TextPattern Pattern => pattern;
    public override string Name => "TextPatternValidator";

    public override bool IsValid(ValidationContext<T> context, string? value) => value is null || pattern.IsMatch(value);

    protected override string GetDefaultMessageTemplate(string errorCode) => message;
}

public static class TextPatternRules
{
    public static IRuleBuilderOptions<T, string?> Matches<T>(this IRuleBuilder<T, string?> rule, TextPattern pattern, string message) =>
        rule.SetValidator(new TextPatternValidator<T>(pattern, message));
}
