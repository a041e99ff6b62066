using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OzdContentApi.Tests.Infrastructure;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Reliability;

/// <summary>
/// For every operation of the served document, requests no client should send: broken and
/// hostile bodies, parameters and methods. Every answer must be a 4xx problem detail, never a
/// 500, and the database must be exactly as before. Sent with a key that has every scope and a
/// stale If-Match, so nothing but the input itself can refuse them.
/// </summary>
public sealed class BadInputCorpusTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    private static readonly string[] HostileText =
    [
        "' OR '1'='1", "1; DROP TABLE articles; --", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "%00", "\u0000",
        "<script>alert(1)</script>", "${jndi:ldap://x}", "-1", "99999999999999999999", "NaN", new string('a', 5_000),
        "Ä", "0193e9a0-7c1a-7b2e-9f4d-2a1b3c4d5e6", "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ", "%C3%28", " ",
        // Trailing control characters: .NET's $ would let them through where PostgreSQL refuses them.
        "wolodymyr-selenskyj\n", "wolodymyr-selenskyj\r\n", "usa-und-ukraine\t", "2025-12-01\n",
        // What stresses PostgreSQL's full-text query parser.
        new string('-', 40) + "x", "!!! &|&| (((", "a:* <-> b <2> c", string.Join(" or ", Enumerable.Repeat("x", 30)),
        // A real id with white space around it: Guid parsing trims it.
        "019b4023-31d8-7c72-9d2a-a15cda7b9a3f\n", " 019b4023-31d8-7c72-9d2a-a15cda7b9a3f", "019b4023-31d8-7c72-9d2a-a15cda7b9a3f\t",
        // Padded base64url that passes the decoder's validity check and then throws in its decoding.
        "AA=", "YQ==",
    ];

    // What browsers, feed readers and tools send; an error must be a problem detail for each.
    private static readonly string[] Accepts =
    [
        "application/json", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml", "text/plain",
        "*/*", "image/png",
    ];

    // Stale tags in every form the service hands out: plain, compressed, weak.
    private static readonly string[] StaleTags = ["\"stale\"", "\"stale-br\"", "\"stale-gzip\"", "W/\"stale\""];

    private static readonly (string Name, byte[] Body, string ContentType)[] BadBodies =
    [
        ("malformed", "{\"title\": "u8.ToArray(), "application/json"),
        ("truncated", "{\"title\": \"Gespräche\", \"sections\": [{\"type\": \"report\", \"paragraphs\": [\"ab"u8.ToArray(), "application/json"),
        ("array", "[]"u8.ToArray(), "application/json"),
        ("null", "null"u8.ToArray(), "application/json"),
        ("number", "42"u8.ToArray(), "application/json"),
        ("wrong types", "{\"title\": 1, \"name\": [], \"scopes\": \"admin\", \"sectionIds\": {}, \"publishAt\": true, \"type\": 7, \"items\": 5}"u8.ToArray(), "application/json"),
        ("extra fields", "{\"title\": \"T\", \"name\": \"N\", \"scopes\": [\"admin\"], \"sectionIds\": [], \"injected\": \"x\", \"id\": 5}"u8.ToArray(), "application/json"),
        ("one megabyte string", Encoding.UTF8.GetBytes($"{{\"title\": \"{new string('x', 1024 * 1024)}\"}}"), "application/json"),
        ("deep nesting", Encoding.UTF8.GetBytes("{\"title\": " + new string('[', 10_000) + new string(']', 10_000) + "}"), "application/json"),
        ("NUL", "{\"title\": \"a\\u0000b\", \"name\": \"a\\u0000b\", \"type\": \"report\", \"paragraphs\": [\"\\u0000\"]}"u8.ToArray(), "application/json"),
        ("invalid UTF-8", [.. "{\"title\": \"a"u8, 0xC3, 0x28, 0xFF, .. "\"}"u8], "application/json"),
        ("lone surrogate", "{\"title\": \"\\ud800\", \"name\": \"\\udfff\"}"u8.ToArray(), "application/json"),
        ("SQL in fields", "{\"title\": \"'; DROP TABLE articles; --\", \"slug\": \"x' OR '1'='1\", \"sections\": [{\"type\": \"report' OR 1=1 --\"}]}"u8.ToArray(), "application/json"),
        ("trailing newline in patterns", "{\"title\": \"T\", \"name\": \"N\", \"slug\": \"abc\\n\", \"language\": \"de\\n\", \"scopes\": [\"admin\\n\"]}"u8.ToArray(), "application/json"),
        ("malformed, quoted charset", "{\"title\": "u8.ToArray(), "application/json; charset=\"utf-8\""),
        ("empty charset", "{\"title\": \"T\"}"u8.ToArray(), "application/json; charset="),
        ("charset in single quotes", "{\"title\": \"T\"}"u8.ToArray(), "application/json; charset='utf-8'"),
        ("a property twice", "{\"title\": \"T\", \"name\": \"N\", \"title\": \"U\", \"name\": \"M\"}"u8.ToArray(), "application/json"),
        ("a property in another case", "{\"Title\": \"T\", \"NAME\": \"N\", \"Scopes\": [\"admin\"]}"u8.ToArray(), "application/json"),
        ("form", "title=T"u8.ToArray(), "application/x-www-form-urlencoded"),
        ("text", "{\"title\": \"T\"}"u8.ToArray(), "text/plain"),
        ("xml", "<article><title>T</title></article>"u8.ToArray(), "application/xml"),
    ];

    [Fact]
    public async Task Every_operation_answers_hostile_requests_with_a_4xx_problem_and_changes_nothing()
    {
        var client = await api.ClientWithScopesAsync("preview", "write", "admin");
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var before = await api.SnapshotAsync();
        var failures = new List<string>();
        var sent = 0;

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var request in BadRequests(path, method.ToUpperInvariant(), operation!.AsObject()))
                {
                    var accept = Accepts[sent % Accepts.Length];
                    var ifMatch = StaleTags[sent % StaleTags.Length];
                    sent++;
                    var (status, mediaType, body) = await SendAsync(client, request, accept, ifMatch);
                    if (request.AllowOk && status == 200)
                        continue;
                    if (status is < 400 or > 499 || mediaType != "application/problem+json" || !IsProblem(body, status))
                        failures.Add($"{request.Method} {request.Url} [{request.What}, Accept: {accept}] → {status} {mediaType}: {Shorten(body)}");

                    // The same request as HEAD: the same 4xx, without a body.
                    if (request.Method == "GET")
                    {
                        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, request.Url));
                        if ((int)head.StatusCode != status || (await head.Content.ReadAsByteArrayAsync()).Length > 0)
                            failures.Add($"HEAD {request.Url} [{request.What}] → {(int)head.StatusCode}, GET gave {status}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bad requests were not answered with a 4xx problem:\n{string.Join("\n", failures.Take(30))}");
        Assert.True(sent > 500, $"only {sent} requests were generated");
        Assert.Equal(before, await api.SnapshotAsync());
    }

    /// <param name="AllowOk">A 200 is also right: the value is odd but meaningful (q=-1 searches for "1").</param>
    private sealed record BadRequest(string Method, string Url, string What, byte[]? Body = null, string? ContentType = null, bool AllowOk = false);

    private static IEnumerable<BadRequest> BadRequests(string template, string method, JsonObject operation)
    {
        var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).ToList();
        var pathParameters = parameters.Where(p => p["in"]!.GetValue<string>() == "path").Select(p => p["name"]!.GetValue<string>()).ToList();
        var queryParameters = parameters.Where(p => p["in"]!.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>()).ToList();
        var valid = new Dictionary<string, string>
        {
            ["idOrSlug"] = Id, ["sectionId"] = CommentaryId, ["id"] = Guid.NewGuid().ToString(), ["version"] = "1",
            ["correctionId"] = Guid.NewGuid().ToString(), ["deliveryId"] = Guid.NewGuid().ToString(),
        };
        string Url(IReadOnlyDictionary<string, string> values) =>
            pathParameters.Aggregate(template, (url, name) => url.Replace($"{{{name}}}", values[name]));

        // Hostile text in every path parameter, one at a time.
        foreach (var name in pathParameters)
        {
            // The in-memory test server refuses a NUL in the path before the app sees it.
            foreach (var text in HostileText.Where(t => t.Trim().Length > 0 && !t.Contains('/') && !t.Contains('\0')))
            {
                var values = new Dictionary<string, string>(valid) { [name] = Uri.EscapeDataString(text) };
                yield return new BadRequest(method, Url(values), $"path {name}", WriteBody(method), "application/json");
            }
        }

        // Hostile text, negative and huge numbers, forged cursors in every query parameter.
        foreach (var name in queryParameters)
        {
            foreach (var text in HostileText.Append("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").Append("0").Append("-5").Append("101"))
            {
                var url = $"{Url(valid)}?{name}={Uri.EscapeDataString(text)}" + (name == "q" || !RequiresQ(operation) ? "" : "&q=Ukraine");
                yield return new BadRequest(method, url, $"query {name}={Shorten(text)}", AllowOk: IsAcceptableQueryValue(name, text));
            }
        }

        // Broken bodies for operations that take one.
        if (operation["requestBody"] is not null)
        {
            foreach (var (what, body, contentType) in BadBodies)
            {
                if (what == "extra fields" || what == "null" && template.EndsWith("/publish", StringComparison.Ordinal))
                {
                    // publish takes an optional body: null and {} are valid there (they still meet the stale If-Match).
                    if (template.EndsWith("/publish", StringComparison.Ordinal))
                        continue;
                }
                yield return new BadRequest(method, Url(valid), $"body {what}", body, contentType);
            }
        }

        // A method the path does not have.
        yield return new BadRequest("PATCH", Url(valid), "wrong method", "{}"u8.ToArray(), "application/json");
    }

    // A few values are fine for some parameters: q searches for any text (q=-1 is a search), and
    // person=101 is a well-formed slug of nobody, so the list is empty, not an error.
    private static bool IsAcceptableQueryValue(string name, string text) => name switch
    {
        "q" => text.Trim().Length is > 0 and <= 100 && !text.Contains('\0'),
        "person" => OzdContentApi.Platform.Http.IdOrSlug.IsSlug(text),
        _ => false,
    };

    private static bool RequiresQ(JsonObject operation) =>
        (operation["parameters"]?.AsArray() ?? []).Any(p => p!["name"]!.GetValue<string>() == "q" && p["required"]?.GetValue<bool>() == true);

    private static byte[]? WriteBody(string method) => method is "POST" or "PUT" ? "{\"title\": \"T\"}"u8.ToArray() : null;

    private static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient client, BadRequest bad, string accept, string ifMatch)
    {
        var request = new HttpRequestMessage(new HttpMethod(bad.Method), bad.Url);
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        if (bad.Body is not null)
        {
            request.Content = new ByteArrayContent(bad.Body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", bad.ContentType);
        }
        var response = await client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return problem.GetProperty("status").GetInt32() == status
                   && problem.TryGetProperty("detail", out var detail) && !string.IsNullOrWhiteSpace(detail.GetString())
                   && problem.TryGetProperty("traceId", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}
