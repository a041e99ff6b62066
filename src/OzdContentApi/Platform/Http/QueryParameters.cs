namespace OzdContentApi.Platform.Http;

/// <summary>
/// One rule for repeated query parameters everywhere: <c>?q=A&amp;q=B</c> is a 400 naming the
/// parameter, as <c>?limit=1&amp;limit=100</c> is, instead of one being joined and the other refused.
/// </summary>
public static class QueryParameters
{
    /// <summary>
    /// On management routes a query parameter the operation does not take is a 400 naming it: a
    /// write must not go ahead on a misspelt option (<c>?dryRun[]=true</c> saving the draft it was
    /// meant to preview). Delivery ignores unknown ones (its cache keys on what it reads).
    /// </summary>
    public static TBuilder RefusesUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter((context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.Query.Count == 0 || http.GetEndpoint() is not { } endpoint)
                return next(context);
            var taken = Parameters.EndpointParameters.Of(endpoint).Where(p => !p.FromRoute).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unknown = http.Request.Query.Keys.Where(name => !taken.Contains(name)).ToList();
            if (unknown.Count == 0)
                return next(context);
            var errors = new RequestErrors();
            foreach (var name in unknown)
                errors.Add(name, taken.Count == 0
                    ? "This operation takes no query parameters."
                    : $"This operation takes no such query parameter (it takes {string.Join(", ", taken.Order())}).");
            return ValueTask.FromResult<object?>(errors.ToProblem());
        });

    public static WebApplication UseSingleValuedQuery(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            var repeated = context.Request.Query.Where(q => q.Value.Count > 1).Select(q => q.Key).ToList();
            if (repeated.Count == 0)
                return next(context);
            var errors = new RequestErrors();
            foreach (var name in repeated)
                errors.Add(name, "Given more than once; send each query parameter at most once.");
            return errors.ToProblem().ExecuteAsync(context);
        });
        return app;
    }
}
