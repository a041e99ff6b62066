using Microsoft.OpenApi;

namespace OzdContentApi.Platform.Http.Parameters;

/// <summary>
/// A path or query parameter type. ASP.NET Core binds it through <see cref="IParsable{TSelf}"/>,
/// the OpenAPI document describes it by its <see cref="Schema"/>, and a value that does not
/// parse is a 400 naming the parameter with the <see cref="Expectation"/> (see
/// <see cref="ParameterErrors"/>). So what a parameter accepts is said once, in its type.
/// </summary>
public interface IParameterType<TSelf> : IParsable<TSelf> where TSelf : IParameterType<TSelf>
{
    /// <summary>What a valid value looks like, e.g. "A whole number from 1 to 100.".</summary>
    static abstract string Expectation { get; }

    /// <summary>The parameter's schema in the OpenAPI document.</summary>
    static abstract IOpenApiSchema Schema { get; }

    /// <summary>An example value for the document (tools that test an API from its document use it).</summary>
    static virtual System.Text.Json.Nodes.JsonNode? Example => null;

    static TSelf IParsable<TSelf>.Parse(string s, IFormatProvider? provider) =>
        TSelf.TryParse(s, provider, out var value) ? value : throw new FormatException(TSelf.Expectation);
}
