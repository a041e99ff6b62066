namespace OzdContentApi.Platform.Paging;

/// <summary>One page of a list. Follow <c>nextCursor</c> (or the <c>Link: rel="next"</c> header) for the next.</summary>
/// <param name="Items">The items of this page, in list order.</param>
/// <param name="NextCursor">Opaque cursor for the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);
