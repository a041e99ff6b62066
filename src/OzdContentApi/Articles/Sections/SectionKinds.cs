using System.Text.Json;
using FluentValidation;
using FluentValidation.Validators;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Articles.Sections;

/// <summary>
/// Everything one section type is, in one entry: its name, the record it reads as, the record
/// clients write, the rules for what they write, and how the written form becomes the stored one.
/// The generic entry makes the compiler demand each part; a test checks that the entries and the
/// <c>[JsonDerivedType]</c> lists of <see cref="Section"/> and <see cref="SectionInput"/> agree,
/// and that the database stores a section of every kind. Adding a type is one entry here (with
/// its two records and its validator) and a migration for the database's shape check.
/// </summary>
public abstract class SectionKind
{
    public abstract string Name { get; }
    public abstract Type SectionType { get; }
    public abstract Type InputType { get; }

    /// <summary>The stored section for a validated input.</summary>
    public abstract Section ToSection(SectionInput input, Guid id, int position);

    /// <summary>The persons the written section links to, with the JSON path of each link.</summary>
    public abstract IEnumerable<(Guid PersonId, string Path)> PersonLinks(SectionInput input, string path);

    internal abstract void AddValidator(PolymorphicValidator<SectionInput, SectionInput> validators);
}

public sealed class SectionKind<TSection, TInput>(
    string name,
    IValidator<TInput> validator,
    Func<TInput, Guid, int, TSection> toSection,
    Func<TInput, string, IEnumerable<(Guid PersonId, string Path)>>? personLinks = null) : SectionKind
    where TSection : Section
    where TInput : SectionInput
{
    public override string Name => name;
    public override Type SectionType => typeof(TSection);
    public override Type InputType => typeof(TInput);

    public override Section ToSection(SectionInput input, Guid id, int position) => toSection((TInput)input, id, position);

    public override IEnumerable<(Guid PersonId, string Path)> PersonLinks(SectionInput input, string path) =>
        personLinks?.Invoke((TInput)input, path) ?? [];

    internal override void AddValidator(PolymorphicValidator<SectionInput, SectionInput> validators) => validators.Add(validator);
}

public static class SectionKinds
{
    public static readonly IReadOnlyList<SectionKind> All =
    [
        new SectionKind<ReportSection, ReportSectionInput>("report", new ReportSectionInputValidator(),
            (r, id, position) => new ReportSection { Id = id, Position = position, Title = r.Title, Paragraphs = r.Paragraphs!, Byline = r.Byline }),
        new SectionKind<CommentarySection, CommentarySectionInput>("commentary", new CommentarySectionInputValidator(),
            (c, id, position) => new CommentarySection
            {
                Id = id, Position = position, Label = c.Label!, Title = c.Title!, Paragraphs = c.Paragraphs!, Author = c.Author,
            }),
        new SectionKind<InfoboxSection, InfoboxSectionInput>("infobox", new InfoboxSectionInputValidator(),
            (i, id, position) => new InfoboxSection { Id = id, Position = position, Title = i.Title!, Items = i.Items! }),
        new SectionKind<AnalysisSection, AnalysisSectionInput>("analysis", new AnalysisSectionInputValidator(),
            (a, id, position) => new AnalysisSection
            {
                Id = id, Position = position, Title = a.Title!,
                Groups = a.Groups!.Select(g => new AnalysisGroup { Heading = g.Heading!, Points = g.Points! }).ToList(),
            }),
        new SectionKind<GlossarySection, GlossarySectionInput>("glossary", new GlossarySectionInputValidator(),
            (g, id, position) => new GlossarySection
            {
                Id = id, Position = position, Title = g.Title,
                Entries = g.Entries!.Select(e => new GlossaryEntry { Term = e.Term!, Question = e.Question!, Answer = e.Answer!, PersonId = e.PersonId }).ToList(),
            },
            (g, path) => (g.Entries ?? []).Select((e, i) => (e.PersonId, Path: $"{path}.entries[{i}].personId"))
                .Where(l => l.PersonId is not null).Select(l => (l.PersonId!.Value, l.Path))),
    ];

    private static readonly Dictionary<string, SectionKind> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);
    private static readonly Dictionary<Type, SectionKind> BySectionType = All.ToDictionary(k => k.SectionType);
    private static readonly Dictionary<Type, SectionKind> ByInputType = All.ToDictionary(k => k.InputType);

    public static IReadOnlyList<string> Names { get; } = All.Select(k => k.Name).ToArray();

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    public static string NameOf(Section section) => BySectionType[section.GetType()].Name;

    public static SectionKind Of(SectionInput input) => ByInputType[input.GetType()];

    /// <summary>A stored section body: every field except id, type and position, which are columns.</summary>
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
        (Section)JsonSerializer.Deserialize(document, ByName[type].SectionType, ContentJson.Options)!;
}

/// <summary>A section as the queries select it.</summary>
public sealed record SectionRow(string Type, string Document)
{
    /// <summary>Select list for a <c>sections s</c> row, mapping to this record.</summary>
    public const string Columns =
        "s.type as Type, (s.body || jsonb_build_object('id', s.id, 'position', s.position))::text as Document";

    public Section ToSection() => SectionKinds.FromStored(Type, Document);
}
