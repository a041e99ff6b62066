using Microsoft.AspNetCore.Http.HttpResults;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// What a write to an existing resource names: its id or slug from the path and the If-Match
/// tags. <see cref="Invalid"/> (400) or <see cref="Unmet"/> (428) is set when the request
/// cannot go on.
/// </summary>
public sealed record WriteTarget(IdOrSlug Key, IReadOnlyList<string> IfMatch, ValidationProblem? Invalid, ProblemHttpResult? Unmet)
{
    public static WriteTarget From(string idOrSlug, HttpRequest request)
    {
        var errors = new RequestErrors();
        if (IdOrSlug.Parse(idOrSlug, "idOrSlug", errors) is not { } key)
            return new WriteTarget(default, [], errors.ToProblem(), null);
        var (tags, missing) = Preconditions.IfMatch(request);
        return new WriteTarget(key, tags, null, missing);
    }
}
