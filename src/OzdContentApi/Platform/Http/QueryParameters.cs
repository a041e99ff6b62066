namespace OzdContentApi.Platform.Http;

/// <summary>
/// One rule for repeated query parameters everywhere: <c>?q=A&amp;q=B</c> is a 400 naming the
/// parameter, as <c>?limit=1&amp;limit=100</c> is, instead of one being joined and the other refused.
/// </summary>
public static class QueryParameters
{
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
