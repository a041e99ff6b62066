namespace OzdContentApi.Articles.Newsroom;

/// <summary>A row of article_corrections, as the readers of that table select it.</summary>
public sealed record CorrectionRow(Guid ArticleId, Guid Id, string Kind, string Text, Guid? SectionId, DateTime PublishedAt, int Version)
{
    public const string Columns =
        "c.article_id as ArticleId, c.id, c.kind, c.text, c.section_id as SectionId, c.published_at as PublishedAt, c.version";

    public Correction ToCorrection() => new()
    {
        Id = Id, Kind = Enum.Parse<CorrectionKind>(Kind, ignoreCase: true), Text = Text, SectionId = SectionId,
        PublishedAt = DateTime.SpecifyKind(PublishedAt, DateTimeKind.Utc), Version = Version,
    };
}
