using System.Collections.Concurrent;
using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Mvc;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>One path or query parameter of an endpoint's handler, as it is declared.</summary>
/// <param name="Type">The parameter's type, without Nullable.</param>
public sealed record EndpointParameter(string Name, Type Type, bool FromRoute, string? Description)
{
    public bool IsTyped => Type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParameterType<>));
}

/// <summary>
/// The path and query parameters a handler declares, read once per handler from its signature:
/// plain parameters and the properties of <c>[AsParameters]</c> records.
/// </summary>
public static class EndpointParameters
{
    private static readonly ConcurrentDictionary<MethodInfo, IReadOnlyList<EndpointParameter>> ByHandler = new();

    public static IReadOnlyList<EndpointParameter> Of(MethodInfo handler, IEnumerable<string> routeParameters) =>
        ByHandler.GetOrAdd(handler, h => Describe(h, routeParameters.ToHashSet(StringComparer.OrdinalIgnoreCase)));

    public static IReadOnlyList<EndpointParameter> Of(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<MethodInfo>() is { } handler
            ? Of(handler, (endpoint as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name) ?? [])
            : [];

    private static List<EndpointParameter> Describe(MethodInfo handler, HashSet<string> route)
    {
        var parameters = new List<EndpointParameter>();
        foreach (var parameter in handler.GetParameters())
        {
            if (parameter.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var property in parameter.ParameterType.GetProperties())
                {
                    if (property.GetCustomAttribute<FromQueryAttribute>() is { } query)
                        parameters.Add(new EndpointParameter(query.Name ?? property.Name, Underlying(property.PropertyType), false,
                            property.GetCustomAttribute<DescriptionAttribute>()?.Description));
                }
                continue;
            }
            var name = parameter.GetCustomAttribute<FromQueryAttribute>()?.Name ?? parameter.Name!;
            var fromRoute = route.Contains(name);
            if (fromRoute || parameter.GetCustomAttribute<FromQueryAttribute>() is not null)
                parameters.Add(new EndpointParameter(name, Underlying(parameter.ParameterType), fromRoute,
                    parameter.GetCustomAttribute<DescriptionAttribute>()?.Description));
        }
        return parameters;
    }

    private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;
}
