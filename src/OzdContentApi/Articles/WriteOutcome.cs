namespace OzdContentApi.Articles;

/// <summary>How a write to an article ended; endpoints turn it into HTTP.</summary>
public abstract record WriteOutcome
{
    public sealed record Saved(Article Article, ArticleRepresentation Representation) : WriteOutcome;
    public sealed record Deleted : WriteOutcome;
    public sealed record NotFound(string Detail) : WriteOutcome;
    public sealed record Stale(string CurrentETag) : WriteOutcome;
    public sealed record Conflict(string Detail) : WriteOutcome;
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : WriteOutcome;

    public static Invalid At(string path, string message) => new(new Dictionary<string, string[]> { [path] = [message] });
}
