namespace OzdContentApi.Keys;

/// <summary>An API key as listed; the secret itself is never shown again after creation.</summary>
public record ApiKey
{
    /// <summary>The key's UUID.</summary>
    public required Guid Id { get; init; }

    /// <summary>What the key is for, e.g. "CMS editor".</summary>
    public required string Name { get; init; }

    /// <summary>The first characters of the secret, to recognise it.</summary>
    public required string Prefix { get; init; }

    /// <summary>
    /// preview (read drafts), write (create, change, publish, delete; includes preview), admin (manage keys),
    /// syndication (partners: published articles still under embargo).
    /// </summary>
    public required string[] Scopes { get; init; }

    /// <summary>When the key was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the key was revoked (UTC); null while it works.</summary>
    public required DateTime? RevokedAt { get; init; }
}

/// <summary>A key just created, with its secret: shown this once, stored only as a hash.</summary>
public sealed record CreatedApiKey : ApiKey
{
    /// <summary>The secret to send as <c>Authorization: Bearer &lt;secret&gt;</c>. Store it now: it cannot be read again.</summary>
    public required string Secret { get; init; }
}

/// <summary>A key to create.</summary>
public sealed record ApiKeyInput
{
    /// <summary>What the key is for, 1–200 characters.</summary>
    public string? Name { get; init; }

    /// <summary>One or more of preview, write, admin, syndication.</summary>
    public IReadOnlyList<string>? Scopes { get; init; }
}
