using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Webhooks;

/// <summary>One request as the receiver got it.</summary>
public sealed record Received(string Path, string Id, string Timestamp, string Signature, string Body, DateTime At, Microsoft.AspNetCore.Http.HeaderDictionary Headers)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public string Type => Json.GetProperty("type").GetString()!;
    public string SubjectId => Json.GetProperty("data").GetProperty("id").GetString()!;
}

/// <summary>
/// A webhook receiver on loopback, as a partner would run one: every request is recorded, and a
/// test decides per path what it answers (status, headers, a delay).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();

    /// <summary>What to answer to the n-th request (1-based) on a path; 200 by default.</summary>
    public Func<string, int, Task<IResult>> Answer { get; set; } = (_, _) => Task.FromResult(Results.Ok());

    private readonly ConcurrentDictionary<string, int> _counts = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<Received> Received => _received.ToList();

    public IReadOnlyList<Received> On(string path) => _received.Where(r => r.Path == path).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var port = ServiceProcess.FreePort();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { Port = port };
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (name, value) in context.Request.Headers)
                headers[name] = value;
            var path = context.Request.Path.Value!;
            receiver._received.Enqueue(new Received(path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
                headers["webhook-signature"].ToString(), body, DateTime.UtcNow, headers));
            var n = receiver._counts.AddOrUpdate(path, 1, (_, c) => c + 1);
            await (await receiver.Answer(path, n)).ExecuteAsync(context);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="done"/> holds for what arrived, or fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitForAsync(Func<IReadOnlyList<Received>, bool> done, double seconds = 15, string? what = null)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < until)
        {
            var received = Received;
            if (done(received))
                return received;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Not received within {seconds} s: {what}. Got: {string.Join(" | ", Received.Select(r => $"{r.Path} {r.Body}"))}");
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
