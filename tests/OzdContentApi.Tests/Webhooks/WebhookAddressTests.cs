using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Webhooks;

namespace OzdContentApi.Tests.Webhooks;

/// <summary>Against server-side request forgery: as shipped, webhooks reach only public addresses, at creation and at every delivery.</summary>
public sealed class WebhookAddressTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://172.16.0.1/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[fd00:ec2::254]/latest/meta-data/")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://0.0.0.0/hook")]
    [InlineData("http://[::ffff:127.0.0.1]/hook")]
    // IPv4 written as IPv6 in translation forms: NAT64 reaches the private IPv4 behind it.
    [InlineData("http://[64:ff9b::a00:1]/hook")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/latest/meta-data/")]
    [InlineData("http://[64:ff9b:1::a00:1]/hook")]
    [InlineData("http://[::127.0.0.1]/hook")]
    [InlineData("http://[::7f00:1]/hook")]
    [InlineData("http://[::ffff:0:a00:1]/hook")]
    // Documentation and other special-purpose ranges.
    [InlineData("http://192.0.2.1/hook")]
    [InlineData("http://198.51.100.1/hook")]
    [InlineData("http://203.0.113.1/hook")]
    [InlineData("http://192.88.99.1/hook")]
    [InlineData("http://[2001:db8::1]/hook")]
    [InlineData("http://[100::1]/hook")]
    [InlineData("http://[2001:10::1]/hook")]
    public async Task A_webhook_to_a_private_loopback_or_metadata_address_is_refused(string url)
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var problem = await (await admin.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { url, events = new[] { "article.published" } })))
            .ReadValidationProblemAsync("url");
        Assert.Contains("non-public", problem.GetProperty("errors").GetProperty("url")[0].GetString());
    }

    [Theory]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("127.0.0.2", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("64:ff9b::5db8:d822", true)]
    [InlineData("64:ff9b::c0a8:1", false)]
    [InlineData("::", false)]
    [InlineData("::1", false)]
    [InlineData("ff02::1", false)]
    [InlineData("255.255.255.255", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("100.128.0.1", true)]
    [InlineData("2a00:1450:4001:82b::200e", true)]
    [InlineData("3fff::1", false)]
    public void Public_means_reachable_on_the_internet(string address, bool isPublic) =>
        Assert.Equal(isPublic, WebhookAddresses.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task An_address_allowed_when_the_webhook_was_made_is_checked_again_when_it_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Another instance, which allows private networks (and does not send), makes the webhook ...
        await using var lenient = api.WithWebHostBuilder(b => b
            .UseSetting("Webhooks:AllowPrivateNetworks", "true").UseSetting("Webhooks:Dispatch", "false"));
        var admin = lenient.CreateDefaultClient();
        admin.DefaultRequestHeaders.Authorization = (await api.ClientWithScopesAsync("admin")).DefaultRequestHeaders.Authorization;
        var webhook = await (await admin.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { url = receiver.Url("/inside"), events = new[] { "person.changed" } })))
            .ReadJsonAsync(HttpStatusCode.Created);
        var id = webhook.GetProperty("id").GetString();

        // ... and this one, as shipped, refuses to connect when the event is sent.
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Innen Adresse"}""");
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Innen Adresse 2"}""", person.ETag())).ReadJsonAsync();

        var own = await api.ClientWithScopesAsync("admin");
        var until = DateTime.UtcNow.AddSeconds(15);
        JsonElement delivery = default;
        while (DateTime.UtcNow < until)
        {
            var items = (await (await own.GetAsync($"/v1/webhooks/{id}/deliveries")).ReadJsonAsync()).GetProperty("items");
            if (items.GetArrayLength() > 0 && items[0].GetProperty("attempts").GetInt32() >= 1)
            {
                delivery = items[0];
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(JsonValueKind.Object, delivery.ValueKind);
        Assert.Contains("non-public", delivery.GetProperty("lastError").GetString());
        Assert.Equal("pending", delivery.GetProperty("state").GetString()); // DNS may change: it is tried again later
        Assert.Empty(receiver.On("/inside")); // (another test's retry may reach a reused port: only this path counts)
    }
}
