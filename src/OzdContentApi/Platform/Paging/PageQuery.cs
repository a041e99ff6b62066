using System.ComponentModel;
using Microsoft.AspNetCore.Mvc;
using OzdContentApi.Platform.Http;

namespace OzdContentApi.Platform.Paging;

/// <summary><c>?limit=&amp;cursor=</c> of every list.</summary>
public sealed record PageQuery(
    [property: FromQuery(Name = "limit"), Description("Items per page, 1–100. Default 20.")] Limit? Limit,
    [property: FromQuery(Name = "cursor"), Description("The nextCursor of the previous page. Opaque: send it back as received.")] Cursor? Cursor)
{
    public int Take => Limit?.Value ?? Paging.Limit.Default;

    /// <summary>The position after which the page starts; null for the first page or when the cursor belongs to another list.</summary>
    public T? After<T>(RequestErrors errors, ListScope scope) where T : struct, ICursorPosition<T> => Cursor?.As<T>(errors, scope);
}

/// <summary>Turns the rows of a "limit + 1" query into a page.</summary>
public static class Pages
{
    public static Page<T> From<T>(IReadOnlyList<T> rows, int limit, Func<T, string> cursorOf) =>
        From(rows, limit, row => row, cursorOf);

    public static Page<T> From<TRow, T>(IReadOnlyList<TRow> rows, int limit, Func<TRow, T> itemOf, Func<TRow, string> cursorOf) =>
        new(rows.Take(limit).Select(itemOf).ToList(), rows.Count > limit ? cursorOf(rows[limit - 1]) : null);

    /// <summary>Adds <c>Link: &lt;…&gt;; rel="next"</c> pointing at the same request with the next cursor.</summary>
    public static void AddNextLink<T>(HttpContext context, Page<T> page)
    {
        if (page.NextCursor is not null)
            AddNextLink(context, "cursor", page.NextCursor);
    }

    /// <summary>Adds <c>Link: &lt;…&gt;; rel="next"</c>: the same request with <paramref name="parameter"/> set to <paramref name="value"/>.</summary>
    public static void AddNextLink(HttpContext context, string parameter, string value)
    {
        var request = context.Request;
        var query = request.Query
            .Where(q => !string.Equals(q.Key, parameter, StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>(parameter, value));
        var url = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(query)}";
        context.Response.Headers.Append("Link", $"<{url}>; rel=\"next\"");
    }
}
