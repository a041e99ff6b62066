using OzdContentApi.Articles;

namespace OzdContentApi.Formats;

/// <summary>Times as readers of a feed or a page see them.</summary>
public static class ReaderTimes
{
    /// <summary>
    /// When the article last changed for its readers: its last write, or its publication when that
    /// came later (a scheduled article goes live without a write). Atom's updated and schema.org's
    /// dateModified are never earlier than the publication they follow.
    /// </summary>
    public static DateTime LastChanged(Article article) =>
        article.PublishedAt is { } published && published > article.UpdatedAt ? published : article.UpdatedAt;
}
