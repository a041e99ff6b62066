namespace OzdContentApi.Persons;

/// <summary>A person articles mention.</summary>
public sealed record Person
{
    /// <summary>The person's UUID (version 7).</summary>
    public required Guid Id { get; init; }

    /// <summary>Unique URL name, from the name with ä→ae, ö→oe, ü→ue, ß→ss.</summary>
    public required string Slug { get; init; }

    /// <summary>The name as written, e.g. "Wolodymyr Selenskyj".</summary>
    public required string Name { get; init; }

    /// <summary>A short neutral bio, e.g. "Präsident der Ukraine seit 2019".</summary>
    public required string? Description { get; init; }

    /// <summary>When the person was created (UTC).</summary>
    public required DateTime CreatedAt { get; init; }

    /// <summary>When the person last changed (UTC).</summary>
    public required DateTime UpdatedAt { get; init; }

    /// <summary>Increases by one with every saved change.</summary>
    public required int Version { get; init; }
}
