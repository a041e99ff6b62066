using System.Collections.Concurrent;
using System.Reflection;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>
/// Turns a parameter the framework could not bind into a 400 that names it — and every other
/// typed parameter of the request that is wrong too, so a client learns all its mistakes at once.
/// The framework stops at the first parameter it cannot bind; here each typed parameter of the
/// endpoint is checked again against the raw request.
/// </summary>
public static class ParameterErrors
{
    private static readonly ConcurrentDictionary<Type, Func<string, string?>> Checks = new();

    public const string BindingFailurePrefix = "Failed to bind parameter";

    /// <returns>Every typed parameter of the request that does not parse, with what it should look like.</returns>
    /// <param name="endpoint">The endpoint the request was routed to (the exception handler has cleared it from the context).</param>
    /// <param name="routeValues">Its route values, likewise.</param>
    public static RequestErrors Of(HttpContext context, Endpoint? endpoint, RouteValueDictionary? routeValues)
    {
        var errors = new RequestErrors();
        if (endpoint is null)
            return errors;
        foreach (var parameter in EndpointParameters.Of(endpoint).Where(p => p.IsTyped))
        {
            string? raw = parameter.FromRoute
                ? routeValues?[parameter.Name]?.ToString()
                : context.Request.Query[parameter.Name].FirstOrDefault();
            if (raw is not null && Checks.GetOrAdd(parameter.Type, CheckFor)(raw) is { } expectation)
                errors.Add(parameter.Name, expectation);
        }
        return errors;
    }

    private static Func<string, string?> CheckFor(Type type) =>
        (Func<string, string?>)typeof(ParameterErrors).GetMethod(nameof(Check), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(type).CreateDelegate(typeof(Func<string, string?>));

    private static string? Check<T>(string raw) where T : IParameterType<T> =>
        T.TryParse(raw, null, out _) ? null : T.Expectation;
}
