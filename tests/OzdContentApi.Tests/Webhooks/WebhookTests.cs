using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Webhooks;
using StandardWebhooks;

namespace OzdContentApi.Tests.Webhooks;

/// <summary>Webhooks that reach a receiver on loopback, with back-off shortened to fractions of a second.</summary>
public class WebhookContentApiFactory : ContentApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Webhooks:AllowPrivateNetworks", "true");
        builder.UseSetting("Webhooks:RetryDelays", "00:00:00.3,00:00:00.3,00:00:00.3");
        builder.UseSetting("Webhooks:PollInterval", "00:00:01");
    }
}

public sealed class WebhookTests(WebhookContentApiFactory api) : IClassFixture<WebhookContentApiFactory>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task A_webhook_is_created_with_its_secret_shown_once_and_read_listed_and_deleted_without_it()
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var created = await admin.PostJsonAsync("/v1/webhooks", $$"""{"url": "{{_receiver.Url("/crud")}}", "events": ["article.published"], "description": "CDN"}""");
        var webhook = await created.ReadJsonAsync(HttpStatusCode.Created);
        var id = webhook.GetProperty("id").GetString()!;
        Assert.Matches("^whsec_[A-Za-z0-9+/]{43}=$", webhook.GetProperty("secret").GetString());
        Assert.Equal($"/v1/webhooks/{id}", created.Headers.Location?.OriginalString);

        var read = await (await admin.GetAsync($"/v1/webhooks/{id}")).ReadJsonAsync();
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal(["article.published"], read.GetProperty("events").Strings());
        Assert.Contains(id, await (await admin.GetAsync("/v1/webhooks")).Content.ReadAsStringAsync());
        Assert.DoesNotContain("whsec_", await (await admin.GetAsync("/v1/webhooks")).Content.ReadAsStringAsync());

        await (await admin.PostJsonAsync("/v1/webhooks", """{"url": "ftp://x.example/", "events": ["article.published"]}""")).ReadValidationProblemAsync("url");
        await (await admin.PostJsonAsync("/v1/webhooks", $$"""{"url": "{{_receiver.Url("/x")}}\n", "events": ["article.published"]}""")).ReadValidationProblemAsync("url");
        await (await admin.PostJsonAsync("/v1/webhooks", $$"""{"url": " {{_receiver.Url("/x")}}", "events": ["article.published"]}""")).ReadValidationProblemAsync("url");
        await (await admin.PostJsonAsync("/v1/webhooks", $$"""{"url": "{{_receiver.Url("/x")}}", "events": ["article.eaten"]}""")).ReadValidationProblemAsync("events[0]");
        await (await admin.PostJsonAsync("/v1/webhooks", $$"""{"url": "{{_receiver.Url("/x")}}", "events": []}""")).ReadValidationProblemAsync("events");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await api.ClientWithScopesAsync("write")).GetAsync("/v1/webhooks")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/webhooks/{id}", null)).StatusCode);
        await (await admin.GetAsync($"/v1/webhooks/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_publish_arrives_signed_as_Standard_Webhooks_with_the_keys_to_purge_and_the_change_token_after_it()
    {
        var (_, secret) = await CreateAsync("/publish", "article.published", "article.changed");
        var writer = await api.ClientWithScopesAsync("write");
        var (id, etag) = await CreateArticleAsync(writer, "Webhook veröffentlicht");
        var before = DateTime.UtcNow;
        var published = await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", "{}", etag)).ReadJsonAsync();

        var received = (await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/publish" && x.SubjectId == id), what: "the publish"))
            .Single(x => x.Path == "/publish" && x.SubjectId == id);
        Assert.True(received.At - before < TimeSpan.FromSeconds(5), $"arrived after {received.At - before}");
        // The reference implementation accepts it (and checks the timestamp's tolerance).
        new StandardWebhook(secret).Verify(received.Body, received.Headers);
        Assert.Throws<StandardWebhooks.Diagnostics.WebhookVerificationException>(() =>
            new StandardWebhook(secret).Verify(received.Body.Replace("published", "unpublished"), received.Headers));

        var json = received.Json;
        Assert.Equal("article.published", json.GetProperty("type").GetString());
        var data = json.GetProperty("data");
        Assert.Equal((published.GetProperty("slug").GetString(), published.GetProperty("version").GetInt32()),
            (data.GetProperty("slug").GetString(), data.GetProperty("version").GetInt32()));
        Assert.Equal([$"article-{id}", "articles"], data.GetProperty("surrogateKeys").Strings());
        // The token is right after the change: the feed from there does not name the article again.
        var since = await (await api.CreateClient().GetAsync($"/v1/changes?since={data.GetProperty("changesToken").GetString()}")).ReadJsonAsync();
        Assert.DoesNotContain(since.GetProperty("items").EnumerateArray(), c => c.GetProperty("articleId").GetString() == id);
        Assert.Matches("^msg_[0-9a-f]{32}$", received.Id);
    }

    [Fact]
    public async Task The_Standard_Webhooks_example_vector_signs_to_the_published_signature()
    {
        // From the Standard Webhooks specification's example.
        var body = "{\"test\": 2432232314}"u8.ToArray();
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            WebhookSignatures.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
    }

    [Fact]
    public async Task A_receiver_that_fails_is_retried_with_the_same_webhook_id_until_it_answers_and_the_log_shows_it()
    {
        _receiver.Answer = (path, n) => Task.FromResult(path == "/flaky" && n <= 2 ? Results.StatusCode(500) : Results.Ok());
        var (webhookId, _) = await CreateAsync("/flaky", "person.changed");
        var personId = await RenamePersonAsync("Flaky Flo");

        var received = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/flaky") >= 3, what: "three attempts");
        var attempts = received.Where(x => x.Path == "/flaky").ToList();
        Assert.Single(attempts.Select(a => a.Id).Distinct());
        Assert.All(attempts, a => Assert.Equal(personId, a.SubjectId));
        Assert.Single(attempts.Select(a => a.Body).Distinct());

        var log = await WaitForLogAsync(webhookId, d => d.GetProperty("state").GetString() == "delivered");
        Assert.Equal((3, 200), (log.GetProperty("attempts").GetInt32(), log.GetProperty("lastStatus").GetInt32()));
        Assert.Equal("person.changed", log.GetProperty("type").GetString());
        Assert.Equal(attempts[0].Id, log.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task Retries_end_when_the_attempts_are_used_up_410_disables_the_webhook_and_a_redirect_is_not_followed()
    {
        _receiver.Answer = (path, _) => Task.FromResult(path switch
        {
            "/down" => Results.StatusCode(503),
            "/gone" => Results.StatusCode(410),
            "/moved" => Results.Redirect("/target"),
            _ => Results.Ok(),
        });
        var (down, _) = await CreateAsync("/down", "person.changed");
        var (gone, _) = await CreateAsync("/gone", "person.changed");
        var (moved, _) = await CreateAsync("/moved", "person.changed");
        await RenamePersonAsync("Erster Name");

        var failed = await WaitForLogAsync(down, d => d.GetProperty("state").GetString() == "failed");
        Assert.Equal(4, failed.GetProperty("attempts").GetInt32()); // the first and three retries
        Assert.Contains("No attempts left", failed.GetProperty("lastError").GetString());
        Assert.Equal(4, _receiver.On("/down").Count);

        var goneLog = await WaitForLogAsync(gone, d => d.GetProperty("state").GetString() == "failed");
        Assert.Equal(1, goneLog.GetProperty("attempts").GetInt32());
        var admin = await api.ClientWithScopesAsync("admin");
        var disabled = await (await admin.GetAsync($"/v1/webhooks/{gone}")).ReadJsonAsync();
        Assert.NotEqual(JsonValueKind.Null, disabled.GetProperty("disabledAt").ValueKind);
        // Nothing would send it: a redelivery of a disabled webhook's delivery is refused, not accepted.
        await (await admin.PostJsonAsync($"/v1/webhooks/{gone}/deliveries/{goneLog.GetProperty("id").GetString()}/redeliver", null))
            .ReadProblemAsync(HttpStatusCode.Conflict);

        var movedLog = await WaitForLogAsync(moved, d => d.GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal(302, movedLog.GetProperty("lastStatus").GetInt32());
        Assert.Contains("redirects are not followed", movedLog.GetProperty("lastError").GetString());

        // A disabled webhook gets nothing more.
        await RenamePersonAsync("Zweiter Name");
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/moved") >= 2, what: "the moved webhook's next event");
        Assert.Single(_receiver.On("/gone"));
        Assert.Empty(_receiver.On("/target"));
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_retried_no_sooner_than_it_says()
    {
        _receiver.Answer = (path, n) =>
        {
            if (path != "/busy" || n > 1)
                return Task.FromResult(Results.Ok());
            return Task.FromResult<IResult>(new RetryAfterResult(2));
        };
        await CreateAsync("/busy", "person.changed");
        await RenamePersonAsync("Beschäftigt");

        var attempts = (await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/busy") >= 2, what: "the retry")).Where(x => x.Path == "/busy").ToList();
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {attempts[1].At - attempts[0].At}");
    }

    [Fact]
    public async Task A_slow_receiver_never_delays_another_and_each_webhook_gets_its_events_in_commit_order()
    {
        _receiver.Answer = async (path, _) =>
        {
            if (path == "/slow")
                await Task.Delay(1500);
            return Results.Ok();
        };
        await CreateAsync("/slow", "person.changed");
        await CreateAsync("/fast", "person.changed");
        var writer = await api.ClientWithScopesAsync("write");
        var response = await writer.PostJsonAsync("/v1/persons", """{"name": "Reihen Folge"}""");
        var id = (await response.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        for (var i = 1; i <= 4; i++)
            response = await writer.PutJsonAsync($"/v1/persons/{id}", $$"""{"name": "Reihen Folge {{i}}"}""", response.ETag());

        // At least once: an attempt that timed out may arrive again; a receiver drops repeats by webhook-id.
        IEnumerable<int> Versions(IReadOnlyList<Received> received, string path) => received
            .Where(x => x.Path == path && x.SubjectId == id).DistinctBy(x => x.Id)
            .Select(x => x.Json.GetProperty("data").GetProperty("version").GetInt32());
        var fast = await _receiver.WaitForAsync(r => Versions(r, "/fast").Count() == 4, what: "four fast events");
        Assert.True(Versions(fast, "/slow").Count() < 4, "the fast receiver waited for the slow one");
        Assert.Equal([2, 3, 4, 5], Versions(fast, "/fast"));
        var slow = await _receiver.WaitForAsync(r => Versions(r, "/slow").Count() == 4, seconds: 20, what: "four slow events");
        Assert.Equal([2, 3, 4, 5], Versions(slow, "/slow"));
    }

    [Fact]
    public async Task A_scheduled_publication_fires_at_its_time_and_one_withdrawn_before_it_never_fires()
    {
        await CreateAsync("/scheduled", "article.published", "article.unpublished");
        var writer = await api.ClientWithScopesAsync("write");
        var (kept, keptEtag) = await CreateArticleAsync(writer, "Geplant und gehalten");
        var (withdrawn, withdrawnEtag) = await CreateArticleAsync(writer, "Geplant und zurückgezogen");
        var at = DateTime.UtcNow.AddSeconds(3);
        var schedule = $$"""{"publishAt": "{{at:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""";
        await (await writer.PostJsonAsync($"/v1/articles/{kept}/publish", schedule, keptEtag)).ReadJsonAsync();
        var scheduled = await writer.PostJsonAsync($"/v1/articles/{withdrawn}/publish", schedule, withdrawnEtag);
        await scheduled.ReadJsonAsync();
        await (await writer.PostJsonAsync($"/v1/articles/{withdrawn}/unpublish", "{}", scheduled.ETag())).ReadJsonAsync();

        await Task.Delay(1000);
        Assert.DoesNotContain(_receiver.On("/scheduled"), x => x.SubjectId == kept);
        var received = await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/scheduled" && x.SubjectId == kept), what: "the scheduled publish");
        Assert.True(received.Single(x => x.Path == "/scheduled" && x.SubjectId == kept).At >= at.AddMilliseconds(-50));
        await Task.Delay(1500);
        Assert.DoesNotContain(_receiver.On("/scheduled"), x => x.SubjectId == withdrawn);
    }

    [Fact]
    public async Task A_scheduled_article_edited_before_its_time_still_fires_article_published_then()
    {
        await CreateAsync("/edited", "article.published", "article.changed");
        var writer = await api.ClientWithScopesAsync("write");
        var (id, etag) = await CreateArticleAsync(writer, "Geplant und bearbeitet");
        var at = DateTime.UtcNow.AddSeconds(3);
        var scheduled = await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"publishAt": "{{at:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", etag);
        await scheduled.ReadJsonAsync();
        await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Geplant und bearbeitet", "teaser": "Vor der Zeit geändert."}""", scheduled.ETag()))
            .ReadJsonAsync();

        var received = await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/edited" && x.SubjectId == id), what: "the scheduled publish");
        Assert.Equal("article.published", received.Single(x => x.Path == "/edited" && x.SubjectId == id).Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_delivery_being_sent_is_not_sent_a_second_time_at_once_by_a_redelivery()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Answer = async (path, _) =>
        {
            if (path == "/busy-now")
            {
                arrived.TrySetResult();
                await Task.Delay(3000);
            }
            return Results.Ok();
        };
        var (webhook, _) = await CreateAsync("/busy-now", "person.changed");
        await RenamePersonAsync("Gerade unterwegs");
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var admin = await api.ClientWithScopesAsync("admin");
        var log = await (await admin.GetAsync($"/v1/webhooks/{webhook}/deliveries")).ReadJsonAsync();
        var delivery = log.GetProperty("items")[0].GetProperty("id").GetString();
        await (await admin.PostJsonAsync($"/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver", null)).ReadProblemAsync(HttpStatusCode.Conflict);
        await WaitForLogAsync(webhook, d => d.GetProperty("state").GetString() == "delivered");
        Assert.Single(_receiver.On("/busy-now"));
    }

    [Theory]
    [InlineData(0, 300)]
    [InlineData(-60, 300)]
    [InlineData(30, 300)]
    [InlineData(900, 900)]
    [InlineData(200_000, 86_400)]
    public void A_Retry_After_puts_the_next_attempt_later_than_the_back_off_never_sooner(int retryAfterSeconds, int expectedSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds),
            WebhookDispatcher.NextAttemptAfter(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    [Fact]
    public async Task A_webhook_made_after_a_publication_was_scheduled_still_hears_of_it_at_its_time()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var (id, etag) = await CreateArticleAsync(writer, "Geplant vor dem Webhook");
        var at = DateTime.UtcNow.AddSeconds(2);
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"publishAt": "{{at:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", etag)).ReadJsonAsync();
        await CreateAsync("/late", "article.published");

        var received = await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/late" && x.SubjectId == id), what: "the scheduled publish");
        Assert.True(received.Single(x => x.Path == "/late" && x.SubjectId == id).At >= at.AddMilliseconds(-50));
    }

    [Fact]
    public void The_default_back_off_retries_for_more_than_a_day()
    {
        var total = WebhookDispatcher.DefaultRetryDelays.Aggregate(TimeSpan.Zero, (sum, delay) => sum + delay);
        Assert.True(total > TimeSpan.FromDays(1), $"{total}");
        Assert.Equal(WebhookDispatcher.DefaultRetryDelays.Order(), WebhookDispatcher.DefaultRetryDelays);
    }

    [Fact]
    public async Task An_embargoed_article_fires_article_published_when_the_embargo_ends()
    {
        await CreateAsync("/embargo", "article.published");
        var writer = await api.ClientWithScopesAsync("write");
        var (id, etag) = await CreateArticleAsync(writer, "Unter Sperrfrist");
        var until = DateTime.UtcNow.AddSeconds(3);
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", $$"""{"embargoedUntil": "{{until:yyyy-MM-ddTHH:mm:ss.fffZ}}"}""", etag)).ReadJsonAsync();

        var received = (await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/embargo" && x.SubjectId == id), what: "the publish at the embargo's end"))
            .Single(x => x.Path == "/embargo" && x.SubjectId == id);
        Assert.True(received.At >= until.AddMilliseconds(-50), $"arrived {until - received.At} before the embargo ended");
        Assert.Equal(until.ToString("yyyy-MM-ddTHH:mm:ss"), received.Json.GetProperty("timestamp").GetDateTime().ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss"));
    }

    [Fact]
    public async Task A_write_that_rolls_back_leaves_no_event_and_one_that_commits_leaves_one_delivery_per_webhook()
    {
        var (webhook, _) = await CreateAsync("/tx", "person.changed");
        var events = await api.QueryScalarAsync<long>("select count(*) from webhook_events");

        await using (var connection = new Npgsql.NpgsqlConnection(api.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var update = new Npgsql.NpgsqlCommand("update persons set name = name || ' (x)'", connection, transaction);
            Assert.True(await update.ExecuteNonQueryAsync() > 0);
            await transaction.RollbackAsync();
        }
        Assert.Equal(events, await api.QueryScalarAsync<long>("select count(*) from webhook_events"));

        var personId = await RenamePersonAsync("Transaktion");
        Assert.Equal(1L, await api.QueryScalarAsync<long>(
            "select count(*) from webhook_deliveries d join webhook_events e on e.id = d.event_id where d.webhook_id = @W and e.subject_id = @P",
            ("W", Guid.Parse(webhook)), ("P", Guid.Parse(personId))));
    }

    [Fact]
    public async Task After_a_rotation_deliveries_carry_both_signatures_and_a_redelivery_keeps_its_webhook_id()
    {
        var (webhook, oldSecret) = await CreateAsync("/rotate", "person.changed");
        var admin = await api.ClientWithScopesAsync("admin");
        var rotated = await (await admin.PostJsonAsync($"/v1/webhooks/{webhook}/rotate-secret", null)).ReadJsonAsync();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.InRange(rotated.GetProperty("previousSecretValidUntil").GetDateTime(), DateTime.UtcNow.AddHours(23.9), DateTime.UtcNow.AddHours(24.1));
        // The answer's time is the stored one: reading the webhook shows the same string.
        var read = await (await admin.GetAsync($"/v1/webhooks/{webhook}")).ReadJsonAsync();
        Assert.Equal(rotated.GetProperty("previousSecretValidUntil").GetString(), read.GetProperty("previousSecretValidUntil").GetString());

        await RenamePersonAsync("Rotiert");
        var received = (await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/rotate"), what: "a delivery")).First(x => x.Path == "/rotate");
        Assert.Equal(2, received.Signature.Split(' ').Length);
        new StandardWebhook(newSecret).Verify(received.Body, received.Headers);
        // StandardWebhooks 1.1.2 compares only the first signature of the header (the specification
        // says any): the previous secret's one is checked on its own.
        var previousOnly = new HeaderDictionary();
        foreach (var (name, value) in received.Headers)
            previousOnly[name] = value;
        previousOnly["webhook-signature"] = received.Signature.Split(' ')[1];
        new StandardWebhook(oldSecret).Verify(received.Body, previousOnly);

        var delivery = await WaitForLogAsync(webhook, d => d.GetProperty("state").GetString() == "delivered");
        var again = await (await admin.PostJsonAsync($"/v1/webhooks/{webhook}/deliveries/{delivery.GetProperty("id").GetString()}/redeliver", null))
            .ReadJsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("pending", again.GetProperty("state").GetString());
        var both = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/rotate") >= 2, what: "the redelivery");
        Assert.Equal(received.Id, both.Where(x => x.Path == "/rotate").Last().Id);
        await (await admin.PostJsonAsync($"/v1/webhooks/{webhook}/deliveries/{Guid.NewGuid()}/redeliver", null)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Two_instances_on_one_database_deliver_each_event_once()
    {
        await CreateAsync("/once", "person.changed");
        await using var second = api.WithWebHostBuilder(_ => { });
        second.CreateClient(); // starts the second instance and its dispatcher
        var writer = await api.ClientWithScopesAsync("write");
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
            ids.Add(await RenamePersonAsync($"Einmal {i}", writer));

        await _receiver.WaitForAsync(r => ids.All(id => r.Any(x => x.Path == "/once" && x.SubjectId == id)), what: "every event");
        await Task.Delay(1500);
        var once = _receiver.On("/once");
        Assert.Equal(once.Count, once.Select(x => x.Id).Distinct().Count());
    }

    private async Task<(string Id, string Secret)> CreateAsync(string path, params string[] events)
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var webhook = await (await admin.PostJsonAsync("/v1/webhooks", JsonSerializer.Serialize(new { url = _receiver.Url(path), events })))
            .ReadJsonAsync(HttpStatusCode.Created);
        return (webhook.GetProperty("id").GetString()!, webhook.GetProperty("secret").GetString()!);
    }

    private static async Task<(string Id, string ETag)> CreateArticleAsync(HttpClient writer, string title)
    {
        var created = await writer.PostJsonAsync("/v1/articles", JsonSerializer.Serialize(new { title }));
        return ((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!, created.ETag());
    }

    /// <summary>Creates a person and renames it: one person.changed event. Returns the person's id.</summary>
    private async Task<string> RenamePersonAsync(string name, HttpClient? writer = null)
    {
        writer ??= await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/persons", JsonSerializer.Serialize(new { name = $"{name} {Guid.NewGuid():N}"[..40] }));
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await (await writer.PutJsonAsync($"/v1/persons/{id}", JsonSerializer.Serialize(new { name = $"{name} umbenannt {Guid.NewGuid():N}"[..50] }),
            created.ETag())).ReadJsonAsync();
        return id;
    }

    private async Task<JsonElement> WaitForLogAsync(string webhook, Func<JsonElement, bool> done)
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var until = DateTime.UtcNow.AddSeconds(15);
        JsonElement last = default;
        while (DateTime.UtcNow < until)
        {
            var page = await (await admin.GetAsync($"/v1/webhooks/{webhook}/deliveries")).ReadJsonAsync();
            if (page.GetProperty("items").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } newest)
            {
                last = newest;
                if (done(newest))
                    return newest;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The delivery log did not get there: {last}");
    }

    private sealed class RetryAfterResult(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = seconds.ToString();
            return Task.CompletedTask;
        }
    }
}
