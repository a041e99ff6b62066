using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Sections;

/// <summary>
/// The five section types, read from the <see cref="JsonDerivedTypeAttribute"/>s on
/// <see cref="Section"/> so the list exists once. A section is stored as its <c>type</c> plus a
/// jsonb body holding every field except id, type and position.
/// </summary>
public static class SectionTypes
{
    private static readonly IReadOnlyDictionary<string, Type> ByName = typeof(Section)
        .GetCustomAttributes<JsonDerivedTypeAttribute>()
        .ToDictionary(a => (string)a.TypeDiscriminator!, a => a.DerivedType, StringComparer.Ordinal);

    private static readonly IReadOnlyDictionary<Type, string> ByClrType = ByName.ToDictionary(p => p.Value, p => p.Key);

    public static IReadOnlyCollection<string> Names { get; } = ByName.Keys.ToArray();

    public static IReadOnlyCollection<Type> ClrTypes { get; } = ByName.Values.ToArray();

    public static string NameOf(Type sectionType) => ByClrType[sectionType];

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static string NameOf(Section section) => NameOf(section.GetType());

    /// <summary>Parses <c>?type=</c>: absent is null, unknown is an error.</summary>
    public static string? ParseFilter(string? raw, RequestErrors errors, string parameter = "type")
    {
        if (raw is null || IsKnown(raw))
            return raw;
        errors.Add(parameter, $"Must be one of: {string.Join(", ", Names)}.");
        return null;
    }

    public static string ToBody(Section section)
    {
        var node = JsonSerializer.SerializeToNode(section, section.GetType(), ContentJson.Options)!.AsObject();
        node.Remove("id");
        node.Remove("position");
        node.Remove("type");
        return node.ToJsonString(ContentJson.Options);
    }

    /// <summary>
    /// Reads a stored section. <paramref name="document"/> is the body with id and position
    /// merged in by the query (see <see cref="SectionRow.Columns"/>).
    /// </summary>
    public static Section FromStored(string type, string document) =>
        (Section)JsonSerializer.Deserialize(document, ByName[type], ContentJson.Options)!;
}

/// <summary>A section as the delivery queries select it.</summary>
public sealed record SectionRow(string Type, string Document)
{
    /// <summary>Select list for a <c>sections s</c> row, mapping to this record.</summary>
    public const string Columns =
        "s.type as Type, (s.body || jsonb_build_object('id', s.id, 'position', s.position))::text as Document";

    public Section ToSection() => SectionTypes.FromStored(Type, Document);
}
