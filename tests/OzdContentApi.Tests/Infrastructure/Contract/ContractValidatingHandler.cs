using System.IO.Compression;

namespace OzdContentApi.Tests.Infrastructure.Contract;

/// <summary>
/// Sits in every test's HttpClient: each response the service gives is checked against the
/// committed OpenAPI document, and a response the document does not allow fails the test that
/// caused it. So the whole HTTP test suite is also the check of the document against traffic.
/// </summary>
public sealed class ContractValidatingHandler(OpenApiContract contract) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var violations = contract.Check(request.Method.Method, request.RequestUri!.AbsolutePath, response.StatusCode,
            response.Content.Headers.ContentType?.MediaType, Decoded(bytes, response.Content.Headers.ContentEncoding),
            name => response.Headers.Contains(name) || response.Content.Headers.Contains(name));
        if (violations.Count > 0)
            throw new ContractViolationException($"The response breaks openapi/v1.json:\n{string.Join("\n", violations)}");
        return response;
    }

    private static byte[] Decoded(byte[] bytes, ICollection<string> encodings)
    {
        if (bytes.Length == 0 || encodings.Count == 0)
            return bytes;
        using Stream decoder = encodings.Last() switch
        {
            "br" => new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress),
            var other => throw new ContractViolationException($"Unexpected Content-Encoding {other}"),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}

public sealed class ContractViolationException(string message) : Exception(message);
