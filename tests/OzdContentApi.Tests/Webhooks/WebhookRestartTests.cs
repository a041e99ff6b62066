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
        var webhook = await (await admin.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { url = receiver.Url("/restart"), events = new[] { "person.changed" } })))
            .ReadJsonAsync(HttpStatusCode.Created);
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Neu Start"}""");
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Neu Start 2"}""", person.ETag())).ReadJsonAsync();

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
            await receiver.WaitForAsync(r => r.Count >= 2, what: "two failed attempts");
        }
        var beforeRestart = receiver.Received.Count;
        answering = true;
        await using (var second = ServiceProcess.Start(environment))
        {
            Assert.True(await second.WaitUntilReadyAsync(TimeSpan.FromSeconds(60)), second.Output + second.Errors);
            await receiver.WaitForAsync(r => r.Count > beforeRestart, what: "the attempt after the restart");
            await Task.Delay(1500);
        }

        var all = receiver.Received;
        Assert.Single(all.Select(r => r.Id).Distinct());
        Assert.Equal(beforeRestart + 1, all.Count);
        var log = (await (await admin.GetAsync($"/v1/webhooks/{webhook.GetProperty("id").GetString()}/deliveries")).ReadJsonAsync()).GetProperty("items")[0];
        Assert.Equal(("delivered", all.Count), (log.GetProperty("state").GetString(), log.GetProperty("attempts").GetInt32()));
    }
}
