using OzdContentApi.Platform.Paging;

namespace OzdContentApi.Articles;

/// <summary>Where a newest-first article list stopped: the last article's sort time and id.</summary>
public readonly record struct ArticlePosition(DateTime SortKey, Guid Id) : ICursorPosition<ArticlePosition>
{
    public static byte Kind => (byte)'a';

    public void Write(CursorWriter writer)
    {
        writer.Time(SortKey);
        writer.Guid(Id);
        writer.Int32(0); // the layout sections share; cursors handed out earlier keep working
    }

    public static ArticlePosition? TryRead(CursorReader reader) =>
        reader.Time() is { } sortKey && reader.Guid() is var id && reader.Int32() == 0 && !reader.Failed
            ? new ArticlePosition(sortKey, id)
            : null;
}

/// <summary>Where a list of sections across articles stopped: the article's publication time and id, and the section's position in it.</summary>
public readonly record struct SectionPosition(DateTime PublishedAt, Guid ArticleId, int Position) : ICursorPosition<SectionPosition>
{
    public static byte Kind => (byte)'s';

    public void Write(CursorWriter writer)
    {
        writer.Time(PublishedAt);
        writer.Guid(ArticleId);
        writer.Int32(Position);
    }

    public static SectionPosition? TryRead(CursorReader reader) =>
        reader.Time() is { } publishedAt && reader.Guid() is var id && reader.Int32() is var position and >= 0 && !reader.Failed
            ? new SectionPosition(publishedAt, id, position)
            : null;
}
