using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Webhooks;

/// <summary>The API of this class does not send; service processes on its database do.</summary>
public sealed class NonDispatchingContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:Dispatch", "false");
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
    }
}

public sealed class WebhookRestartTests(NonDispatchingContentApiFactory api) : IClassFixture<NonDispatchingContentApiFactory>
{
    [Fact]
    public async Task Retries_survive_a_restart_of_the_process_and_the_event_arrives_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answering = false;
        receiver.Answer = (_, _) => Task.FromResult(answering ? Results.Ok() : Results.StatusCode(503));
        var admin = await api.ClientWithScopesAsync("admin");
        // A path of its own: another test's delivery, retried to a port the system has since given
        // this receiver, must not count (it did once: six different webhook ids arrived).
        var path = $"/restart-{Guid.NewGuid():N}";
        var webhook = await WebhookWithOnePersonChangeAsync(receiver.Url(path), "Neu Start");

        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Content"] = api.ConnectionString,
            ["Webhooks__AllowPrivateNetworks"] = "true",
            ["Webhooks__RetryDelays"] = string.Join(',', Enumerable.Repeat("00:00:00.5", 20)),
            ["Webhooks__PollInterval"] = "00:00:01",
        };
        await using (var first = ServiceProcess.Start(environment))
        {
            Assert.True(await first.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), first.Output + first.Errors);
            await receiver.WaitForAsync(r => r.Count(x => x.Path == path) >= 2, what: "two failed attempts");
        }
        var beforeRestart = receiver.On(path).Count;
        answering = true;
        await using (var second = ServiceProcess.Start(environment))
        {
            Assert.True(await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), second.Output + second.Errors);
            await receiver.WaitForAsync(r => r.Count(x => x.Path == path) > beforeRestart, what: "the attempt after the restart");
            await Task.Delay(1500);
        }

        var all = receiver.On(path);
        Assert.Single(all.Select(r => r.Id).Distinct());
        Assert.Equal(beforeRestart + 1, all.Count);
        var log = (await (await admin.GetAsync($"/v1/webhooks/{webhook.GetProperty("id").GetString()}/deliveries")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(("delivered", all.Count), (log.GetProperty("state").GetString(), log.GetProperty("attempts").GetInt32()));
    }

    // A deploy stops instances with SIGTERM: an attempt in flight then must not keep its delivery
    // leased for the lease's length (the attempt's timeout plus 20 s) before anyone retries it.
    [Fact]
    public async Task A_process_stopped_mid_attempt_hands_its_lease_back_and_the_attempt_does_not_count()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var hold = new TaskCompletionSource();
        receiver.Answer = async (_, _) =>
        {
            await hold.Task;
            return Results.Ok();
        };
        try
        {
            var webhook = await WebhookWithOnePersonChangeAsync(receiver.Url("/held"), "Halt Fest");

            await using (var service = ServiceProcess.Start(new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Content"] = api.ConnectionString,
                ["Webhooks__AllowPrivateNetworks"] = "true",
                ["Webhooks__Timeout"] = "00:01:00",
            }))
            {
                Assert.True(await service.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), service.Output + service.Errors);
                await receiver.WaitForAsync(r => r.Any(x => x.Path == "/held"), what: "the attempt");
                service.Terminate();
                Assert.Equal(0, await service.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            }

            var state = await api.QueryScalarAsync<string>(
                "select (leased_until is not null)::text || ' ' || attempts from webhook_deliveries where webhook_id = @Id",
                ("Id", Guid.Parse(webhook.GetProperty("id").GetString()!)));
            Assert.Equal("false 0", state); // not leased, no attempt counted
        }
        finally
        {
            hold.TrySetResult();
        }
    }

    /// <summary>A webhook for person.changed at <paramref name="url"/>, and one such event for it (a person created and renamed).</summary>
    private async Task<JsonElement> WebhookWithOnePersonChangeAsync(string url, string name)
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var webhook = await (await admin.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { url, events = new[] { "person.changed" } })))
            .ReadJsonAsync(HttpStatusCode.Created);
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", JsonSerializer.Serialize(new { name }));
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PutJsonAsync($"/v1/persons/{personId}", JsonSerializer.Serialize(new { name = name + " 2" }), person.ETag())).ReadJsonAsync();
        return webhook;
    }
}
