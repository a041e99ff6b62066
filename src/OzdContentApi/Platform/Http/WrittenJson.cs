using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;

namespace OzdContentApi.Platform.Http;

/// <summary>
/// The answer to a successful write: the written resource's JSON with its new ETag (the If-Match
/// of the next write). Bytes made by the write itself are sent as they are, not serialised again.
/// </summary>
public abstract class WrittenJson<T> : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>
{
    private readonly byte[] _json;
    private readonly string _etag;

    protected WrittenJson(byte[] json, string etag)
    {
        _json = json;
        _etag = etag;
    }

    public abstract int? StatusCode { get; }
    public T? Value => default;
    object? IValueHttpResult.Value => null;

    protected static byte[] Serialize(T value) => JsonSerializer.SerializeToUtf8Bytes(value, typeof(T), ContentJson.Options);

    public virtual async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCode!.Value;
        response.Headers.ETag = _etag;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = _json.Length;
        await response.Body.WriteAsync(_json, context.RequestAborted);
    }
}

/// <summary>200 with the written resource.</summary>
public sealed class OkJson<T> : WrittenJson<T>, IEndpointMetadataProvider
{
    public OkJson(byte[] json, string etag) : base(json, etag) { }

    public OkJson(T value, string etag) : base(Serialize(value), etag) { }

    public override int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}

/// <summary>201 with the created resource and its Location.</summary>
public sealed class CreatedJson<T> : WrittenJson<T>, IEndpointMetadataProvider
{
    private readonly string _location;

    public CreatedJson(string location, byte[] json, string etag) : base(json, etag) => _location = location;

    public CreatedJson(string location, T value, string etag) : this(location, Serialize(value), etag) { }

    public override int? StatusCode => StatusCodes.Status201Created;

    public override Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers.Location = _location;
        return base.ExecuteAsync(context);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status201Created, typeof(T), ["application/json"]));
}
