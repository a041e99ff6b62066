using OzdContentApi.Platform.Validation;

namespace OzdContentApi.Platform.Http;

/// <summary>A path segment that names a resource by its UUID or by its slug.</summary>
public readonly record struct IdOrSlug(Guid? Id, string? Slug)
{
    /// <summary>The same rule as the database's <c>is_slug</c>.</summary>
    public static readonly TextPattern SlugPattern = new("^[a-z0-9]+(?:-[a-z0-9]+)*$");
    public const int SlugMaxLength = Text.Slugs.MaxLength;

    public static bool IsSlug(string value) => value.Length <= SlugMaxLength && SlugPattern.IsMatch(value);

    /// <summary>Parses <paramref name="raw"/> or records why it cannot name anything.</summary>
    public static IdOrSlug? Parse(string raw, string parameter, RequestErrors errors)
    {
        if (Guid.TryParseExact(raw, "D", out var id))
            return new IdOrSlug(id, null);
        if (IsSlug(raw))
            return new IdOrSlug(null, raw);
        errors.Add(parameter, "Must be a UUID or a slug (lowercase letters, digits and single hyphens, at most 200 characters).");
        return null;
    }

    public override string ToString() => Id?.ToString() ?? Slug!;
}

public static class Uuid
{
    public static Guid? Parse(string raw, string parameter, RequestErrors errors)
    {
        if (Guid.TryParseExact(raw, "D", out var id))
            return id;
        errors.Add(parameter, "Must be a UUID such as 0193e9a0-7c1a-7b2e-9f4d-2a1b3c4d5e6f.");
        return null;
    }
}
