using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>Tells Swashbuckle each parameter type's own schema, so parameters are described where they are implemented.</summary>
public static class ParameterTypes
{
    public static void Describe(SwaggerGenOptions options)
    {
        var types = typeof(ParameterTypes).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IParameterType<>)));
        foreach (var type in types)
        {
            var schema = (Func<IOpenApiSchema>)typeof(ParameterTypes).GetMethod(nameof(SchemaOf), BindingFlags.NonPublic | BindingFlags.Static)!
                .MakeGenericMethod(type).CreateDelegate(typeof(Func<IOpenApiSchema>));
            options.MapType(type, schema);
        }
    }

    private static IOpenApiSchema SchemaOf<T>() where T : IParameterType<T> => T.Schema;
}
