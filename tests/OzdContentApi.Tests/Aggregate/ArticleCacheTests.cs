using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OzdContentApi.Articles;
using OzdContentApi.Platform.Database;
using OzdContentApi.Tests.Infrastructure;
using OzdContentApi.Tests.Reliability;
using static OzdContentApi.Tests.Articles.SampleArticle;

namespace OzdContentApi.Tests.Aggregate;

/// <summary>Published articles served from memory, and let go of when anything changes them.</summary>
public sealed class ArticleCacheTests(CachingContentApiFactory api) : IClassFixture<CachingContentApiFactory>
{
    [Fact]
    public async Task A_published_article_read_again_costs_no_database_work_and_neither_does_a_304()
    {
        var anonymous = api.CreateUncheckedClient();
        // The listener empties the cache when it starts listening (what it missed before is unknown): let it start first.
        var changes = api.Services.GetRequiredService<ContentChanges>();
        for (var i = 0; i < 500 && !changes.Listening; i++)
            await Task.Delay(10);
        var first = await anonymous.GetAsync($"/v1/articles/{Id}");
        var body = await first.Content.ReadAsStringAsync();

        var (reads, commands) = await DatabaseCommands.CountAsync(api.DatabaseName, async () =>
        {
            var answers = new List<(HttpStatusCode, string)>();
            foreach (var path in new[] { $"/v1/articles/{Id}", $"/v1/articles/{Slug}?utm_source=x", $"/v1/articles/{Slug}" })
            {
                var response = await anonymous.GetAsync(path);
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
            var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{Slug}");
            conditional.Headers.TryAddWithoutValidation("If-None-Match", first.ETag());
            answers.Add(((await anonymous.SendAsync(conditional)).StatusCode, ""));
            return answers;
        });

        Assert.Equal(0, commands);
        Assert.All(reads.Take(3), r => Assert.Equal((HttpStatusCode.OK, body), r));
        Assert.Equal(HttpStatusCode.NotModified, reads[3].Item1);
    }

    [Fact]
    public async Task While_nothing_listens_for_changes_no_article_is_served_from_memory_or_kept()
    {
        // After the database came back and before the listener is back, another instance's write
        // goes unheard: an article kept then was served in its old version for seconds.
        var anonymous = api.CreateUncheckedClient();
        var changes = api.Services.GetRequiredService<ContentChanges>();
        for (var i = 0; i < 500 && !changes.Listening; i++)
            await Task.Delay(10);
        changes.Listened(false);
        try
        {
            var (_, unheard) = await DatabaseCommands.CountAsync(api.DatabaseName, async () =>
            {
                await anonymous.GetStringAsync($"/v1/articles/{Id}");
                return await anonymous.GetStringAsync($"/v1/articles/{Id}");
            });
            Assert.Equal(2, unheard);
        }
        finally
        {
            changes.Listened(true);
        }

        await anonymous.GetStringAsync($"/v1/articles/{Id}");
        var (_, heard) = await DatabaseCommands.CountAsync(api.DatabaseName, () => anonymous.GetStringAsync($"/v1/articles/{Id}"));
        Assert.Equal(0, heard);
    }

    [Fact]
    public async Task A_write_on_one_instance_stops_another_instance_serving_the_old_version_at_once()
    {
        // Two instances on one database, both with their caches on; the other serves from memory.
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Zwei Instanzen"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        await using var other = api.WithWebHostBuilder(_ => { });
        var reader = other.CreateClient();
        var old = await reader.GetStringAsync($"/v1/articles/{id}");
        Assert.Equal(old, await reader.GetStringAsync($"/v1/articles/{id}"));

        await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Zwei Instanzen", "teaser": "Auf der anderen Instanz sofort sichtbar"}""",
            published.ETag())).ReadJsonAsync();
        var acknowledged = DateTime.UtcNow;

        // Only a notification can tell the other instance; no timer would within this time.
        var seen = DateTime.MaxValue;
        while (DateTime.UtcNow - acknowledged < TimeSpan.FromSeconds(2))
        {
            if ((await reader.GetStringAsync($"/v1/articles/{id}")).Contains("Auf der anderen Instanz sofort sichtbar"))
            {
                seen = DateTime.UtcNow;
                break;
            }
            await Task.Delay(2);
        }
        var changes = other.Services.GetRequiredService<ContentChanges>();
        Assert.True(seen - acknowledged < TimeSpan.FromSeconds(1), $"the other instance served the old version for {seen - acknowledged}; listening {changes.Listening}, last heard {changes.LastHeardAt:HH:mm:ss.fff}, acknowledged {acknowledged:HH:mm:ss.fff}");
    }

    [Fact]
    public async Task A_much_read_article_kept_unpacked_is_let_go_of_when_it_changes_in_every_encoding()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Oft gelesen"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        var anonymous = api.CreateClient();
        for (var i = 0; i < 6; i++)
            Assert.Contains("Oft gelesen", await anonymous.GetStringAsync($"/v1/articles/{id}"));

        await (await writer.PutJsonAsync($"/v1/articles/{id}", """{"title": "Oft gelesen, dann geändert"}""", published.ETag())).ReadJsonAsync();
        Assert.Contains("Oft gelesen, dann geändert", await anonymous.GetStringAsync($"/v1/articles/{id}"));
        var compressed = new HttpRequestMessage(HttpMethod.Get, $"/v1/articles/{id}");
        compressed.Headers.AcceptEncoding.Add(new System.Net.Http.Headers.StringWithQualityHeaderValue("br"));
        var br = await api.CreateUncheckedClient().SendAsync(compressed);
        await using var unpacked = new System.IO.Compression.BrotliStream(await br.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Contains("Oft gelesen, dann geändert", await new StreamReader(unpacked).ReadToEndAsync());
    }

    [Fact]
    public async Task A_change_made_around_the_service_is_heard_and_the_next_read_shows_it()
    {
        var anonymous = api.CreateClient();
        var before = await (await anonymous.GetAsync("/v1/articles/eu-sagt-der-ukraine-weitere-90-milliarden-euro-zu")).ReadJsonAsync();

        await api.ExecuteSqlAsync("update articles set title = 'Geändert am Dienst vorbei' where slug = 'eu-sagt-der-ukraine-weitere-90-milliarden-euro-zu'");

        string? title = null;
        for (var i = 0; i < 50 && title != "Geändert am Dienst vorbei"; i++)
        {
            title = (await (await anonymous.GetAsync("/v1/articles/eu-sagt-der-ukraine-weitere-90-milliarden-euro-zu")).ReadJsonAsync())
                .GetProperty("title").GetString();
            if (title != "Geändert am Dienst vorbei")
                await Task.Delay(20);
        }
        Assert.Equal("Geändert am Dienst vorbei", title);
        Assert.NotEqual(before.GetProperty("title").GetString(), title);
    }

    [Fact]
    public async Task A_write_is_read_back_at_once_on_the_instance_that_made_it()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var anonymous = api.CreateClient();
        var created = await writer.PostJsonAsync("/v1/articles", """{"title": "Sofort gelesen"}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var published = await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag());
        await published.ReadJsonAsync();
        await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();

        for (var i = 0; i < 5; i++)
        {
            var current = await writer.GetAsync($"/v1/articles/{id}");
            var replaced = await writer.PutJsonAsync($"/v1/articles/{id}", $$"""{"title": "Sofort gelesen {{i}}"}""", current.ETag());
            await replaced.ReadJsonAsync();
            var read = await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync();
            Assert.Equal($"Sofort gelesen {i}", read.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task A_renamed_person_shows_in_a_cached_article_and_the_rename_touches_no_article_row()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var anonymous = api.CreateClient();
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Vor Umbenennung"}""");
        var personId = (await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Mit Person im Cache", "persons": [{"personId": "{{personId}}"}]}""");
        var id = (await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString();
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();
        var cached = await anonymous.GetAsync($"/v1/articles/{id}");
        Assert.Equal("Vor Umbenennung", (await cached.ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString());
        var rowVersion = await api.QueryScalarAsync<string>("select xmin::text from articles where id = @Id", ("Id", Guid.Parse(id!)));

        await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Nach Umbenennung"}""", person.ETag())).ReadJsonAsync();

        Assert.Equal(rowVersion, await api.QueryScalarAsync<string>("select xmin::text from articles where id = @Id", ("Id", Guid.Parse(id!))));
        var read = await anonymous.GetAsync($"/v1/articles/{id}");
        Assert.Equal("Nach Umbenennung", (await read.ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString());
        Assert.NotEqual(cached.ETag(), read.ETag());
        Assert.Equal(0L, await api.QueryScalarAsync<long>("select count(*) from article_representation_stale where article_id = @Id", ("Id", Guid.Parse(id!))));
    }

    [Fact]
    public async Task A_reader_rebuilding_an_article_does_not_wait_for_a_rename_in_flight_and_reads_the_new_name_after_it()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var anonymous = api.CreateClient();
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Vor dem Flug"}""");
        var personId = Guid.Parse((await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Während einer Umbenennung", "persons": [{"personId": "{{personId}}"}]}""");
        var id = Guid.Parse((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        await (await writer.PostJsonAsync($"/v1/articles/{id}/publish", null, created.ETag())).ReadJsonAsync();

        // A rename that has noted the article stale but not committed holds a key-share lock on its row.
        await using var rename = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await rename.OpenAsync();
        await using var transaction = await rename.BeginTransactionAsync();
        await using (var update = new Npgsql.NpgsqlCommand("update persons set name = 'Nach dem Flug' where id = @Id", rename, transaction))
        {
            update.Parameters.AddWithValue("Id", personId);
            await update.ExecuteNonQueryAsync();
        }
        // Meanwhile the article's bytes are forgotten (a change around the service), so the next read rebuilds them.
        await api.ExecuteSqlAsync($"update articles set title = title where id = '{id}'");

        var read = anonymous.GetAsync($"/v1/articles/{id}");
        var finished = await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(5))) == read;
        await transaction.CommitAsync();
        Assert.True(finished, "the read waited for the uncommitted rename");
        Assert.Equal("Vor dem Flug", (await (await read).ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString());

        string? name = null;
        for (var i = 0; i < 100 && name != "Nach dem Flug"; i++)
        {
            name = (await (await anonymous.GetAsync($"/v1/articles/{id}")).ReadJsonAsync()).GetProperty("persons")[0].GetProperty("name").GetString();
            if (name != "Nach dem Flug")
                await Task.Delay(20);
        }
        Assert.Equal("Nach dem Flug", name);
    }

    [Fact]
    public async Task A_second_rename_notes_an_article_already_stale_again_so_a_rebuild_that_read_before_it_keeps_the_note()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var persons = new List<(Guid Id, string ETag)>();
        foreach (var name in new[] { "Erste Person", "Zweite Person" })
        {
            var created = await writer.PostJsonAsync("/v1/persons", $$"""{"name": "{{name}}"}""");
            persons.Add((Guid.Parse((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!), created.ETag()!));
        }
        var article = await writer.PostJsonAsync("/v1/articles",
            $$"""{"title": "Zwei Umbenennungen", "persons": [{"personId": "{{persons[0].Id}}"}, {"personId": "{{persons[1].Id}}"}]}""");
        var id = Guid.Parse((await article.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        const string TokenSql = "select token from article_representation_stale where article_id = @Id";

        await (await writer.PutJsonAsync($"/v1/persons/{persons[0].Id}", """{"name": "Erste Person, umbenannt"}""", persons[0].ETag)).ReadJsonAsync();
        var first = await api.QueryScalarAsync<long>(TokenSql, ("Id", id));
        await (await writer.PutJsonAsync($"/v1/persons/{persons[1].Id}", """{"name": "Zweite Person, umbenannt"}""", persons[1].ETag)).ReadJsonAsync();

        // A rebuild deletes only the token it read before reading the article (migration 0016).
        Assert.NotEqual(first, await api.QueryScalarAsync<long>(TokenSql, ("Id", id)));
    }

    // A rename changes every article naming the person (hundreds in a newsroom's archive). Notified
    // one by one, every instance took its cache's lock and swept its micro-cache for each: the
    // write mix's renames spent most of the service's CPU there (migration 0017).
    [Fact]
    public async Task A_rename_names_its_articles_in_one_notification_and_the_caches_take_them_as_one_batch()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Oft Genannt"}""");
        var personJson = await person.ReadJsonAsync(HttpStatusCode.Created);
        var personId = Guid.Parse(personJson.GetProperty("id").GetString()!);
        var articleIds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Nennt Oft Genannt {{i}}", "persons": [{"personId": "{{personId}}"}]}""");
            articleIds.Add(Guid.Parse((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!));
        }
        var changes = api.Services.GetRequiredService<ContentChanges>();
        for (var i = 0; i < 500 && !changes.Listening; i++)
            await Task.Delay(10);
        await WaitForNotificationsBeforeNowAsync(writer, changes);
        var batches = new System.Collections.Concurrent.ConcurrentBag<Guid[]>();
        Action<IReadOnlyList<ContentChange>> record = batch =>
        {
            var ours = batch.Where(c => c.Kind == "article" && articleIds.Contains(c.Id)).Select(c => c.Id).ToArray();
            if (ours.Length > 0)
                batches.Add(ours);
        };
        var payloads = new System.Collections.Concurrent.ConcurrentBag<string>();
        await using var listener = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new Npgsql.NpgsqlCommand("listen ozd_changes", listener))
            await listen.ExecuteNonQueryAsync();
        changes.Changed += record;
        try
        {
            await (await writer.PutJsonAsync($"/v1/persons/{personId}", """{"name": "Oft Genannt, umbenannt"}""", person.ETag())).ReadJsonAsync();
            using var waited = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (!payloads.Any(p => p.StartsWith("article:", StringComparison.Ordinal)))
                await listener.WaitAsync(waited.Token);
            for (var i = 0; i < 500 && batches.Count < 2; i++)
                await Task.Delay(10);
        }
        finally
        {
            changes.Changed -= record;
        }
        var articles = Assert.Single(payloads, p => p.StartsWith("article:", StringComparison.Ordinal));
        Assert.Equal(articleIds.Order(), articles["article:".Length..].Split(',').Select(Guid.Parse).Order());
        // Once as this instance announces its own write, once as PostgreSQL's notification arrives: each a whole batch.
        Assert.Equal(2, batches.Count);
        Assert.All(batches, batch => Assert.Equal(articleIds.Order(), batch.Order()));
    }

    /// <summary>
    /// Waits until the service has heard PostgreSQL's notifications of everything committed so far:
    /// the creates' own ("article:<id>") may still be on their way and would count as batches. A
    /// person created now is announced after them (notifications arrive in commit order): once
    /// its notification is heard, after this instance's own announcement of it, the earlier ones were.
    /// </summary>
    private static async Task WaitForNotificationsBeforeNowAsync(HttpClient writer, ContentChanges changes)
    {
        var heard = new System.Collections.Concurrent.ConcurrentDictionary<Guid, int>();
        Action<IReadOnlyList<ContentChange>> count = batch =>
        {
            foreach (var change in batch.Where(c => c.Kind == "person"))
                heard.AddOrUpdate(change.Id, 1, (_, n) => n + 1);
        };
        changes.Changed += count;
        try
        {
            var created = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Nach den Artikeln"}""")).ReadJsonAsync(HttpStatusCode.Created);
            var fence = Guid.Parse(created.GetProperty("id").GetString()!);
            for (var i = 0; i < 500 && heard.GetValueOrDefault(fence) < 2; i++)
                await Task.Delay(10);
            Assert.Equal(2, heard.GetValueOrDefault(fence));
        }
        finally
        {
            changes.Changed -= count;
        }
    }

    private static readonly AsyncLocal<bool> InsideTheWrite = new();

    [Fact]
    public async Task A_rename_evicts_the_articles_naming_the_person_before_it_answers_and_a_new_description_evicts_none()
    {
        var writer = await api.ClientWithScopesAsync("write");
        var person = await writer.PostJsonAsync("/v1/persons", """{"name": "Eigene Instanz"}""");
        var personId = Guid.Parse((await person.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!);
        var articleIds = new List<Guid>();
        for (var i = 0; i < 2; i++)
        {
            var created = await writer.PostJsonAsync("/v1/articles", $$"""{"title": "Nennt die Person {{i}}", "persons": [{"personId": "{{personId}}"}]}""");
            articleIds.Add(Guid.Parse((await created.ReadJsonAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!));
        }
        // What this instance announces itself runs in the writer's own flow; what PostgreSQL tells
        // every instance arrives on the listener's and does not count here.
        var announced = new System.Collections.Concurrent.ConcurrentBag<(string Kind, Guid Id)>();
        var changes = api.Services.GetRequiredService<ContentChanges>();
        Action<IReadOnlyList<ContentChange>> record = batch =>
        {
            if (InsideTheWrite.Value)
                foreach (var change in batch)
                    announced.Add((change.Kind, change.Id));
        };
        changes.Changed += record;
        try
        {
            var people = api.Services.GetRequiredService<OzdContentApi.Persons.PersonWriter>();
            var etag = person.ETag()!;
            async Task<string> ReplaceAsync(string json)
            {
                InsideTheWrite.Value = true;
                var input = System.Text.Json.JsonSerializer.Deserialize<OzdContentApi.Persons.PersonInput>(json, OzdContentApi.Platform.Http.ContentJson.Options)!;
                var outcome = await people.ReplaceAsync(new Platform.Http.IdOrSlug(personId, null), [etag], input, CancellationToken.None);
                InsideTheWrite.Value = false;
                return Assert.IsType<OzdContentApi.Persons.PersonOutcome.Saved>(outcome).ETag;
            }

            etag = await ReplaceAsync("""{"name": "Eigene Instanz", "description": "Nur die Beschreibung"}""");
            Assert.Equal([("person", personId)], announced.ToArray());

            announced.Clear();
            await ReplaceAsync("""{"name": "Eigene Instanz umbenannt"}""");
            var expected = articleIds.Select(a => ("article", a)).Append(("person", personId)).OrderBy(c => c.Item2).ToArray();
            Assert.Equal(expected, announced.OrderBy(c => c.Id).ToArray());
        }
        finally
        {
            changes.Changed -= record;
        }
    }

    // Copies for articles read now and then were let go of before their next read: at 100,000
    // articles read at random they kept the garbage collector busy and set the p99 (ReadFrequency).
    [Fact]
    public async Task Only_an_article_read_three_times_within_a_second_is_kept_unpacked()
    {
        using var cache = new ArticleCache(new ConfigurationBuilder().Build(), ListeningChanges());
        var json = System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"{new string('x', 4000)}\"}}");
        var seldom = new Platform.Http.IdOrSlug(Guid.NewGuid(), null);
        var often = new Platform.Http.IdOrSlug(Guid.NewGuid(), null);
        cache.Store(new StoredArticle(seldom.Id!.Value, "selten", json, "\"1\"", DateTime.UtcNow, []), cache.Now);
        cache.Store(new StoredArticle(often.Id!.Value, "oft", json, "\"2\"", DateTime.UtcNow, []), cache.Now);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(cache.Find(seldom)!.IsGzipNative, $"read {i + 1}, a second after the one before, got an unpacked copy");
            await Task.Delay(1100);
        }

        Assert.True(cache.Find(often)!.IsGzipNative);
        Assert.True(cache.Find(often)!.IsGzipNative);
        var third = cache.Find(often)!;
        Assert.False(third.IsGzipNative);
        Assert.Same(third, cache.Find(often));
    }

    [Fact]
    public async Task An_article_whose_unpacked_copy_did_not_fit_gets_one_when_memory_is_free_again()
    {
        // Room for one unpacked article: the second one's copy is refused while the first holds it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Caching:HotArticleBytes"] = "5000",
        }).Build();
        using var cache = new ArticleCache(configuration, ListeningChanges());
        var json = System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"{new string('x', 4000)}\"}}");
        var first = new Platform.Http.IdOrSlug(Guid.NewGuid(), null);
        var second = new Platform.Http.IdOrSlug(Guid.NewGuid(), null);
        cache.Store(new StoredArticle(first.Id!.Value, "erster", json, "\"1\"", DateTime.UtcNow, []), cache.Now);
        cache.Store(new StoredArticle(second.Id!.Value, "zweiter", json, "\"2\"", DateTime.UtcNow, []), cache.Now);
        // Unpacked: the same copy every time; from the gzip file: a new one per read.
        bool Unpacked(Platform.Http.IdOrSlug key) => ReferenceEquals(cache.Find(key), cache.Find(key));

        for (var i = 0; i < 3; i++)
            cache.Find(first);
        Assert.True(Unpacked(first));
        // The second's third read finds no room; the memory cache then lets the first go in the background.
        var madeAgain = false;
        for (var i = 0; i < 200 && !madeAgain; i++)
        {
            madeAgain = Unpacked(second);
            await Task.Delay(5);
        }
        Assert.True(madeAgain, "the second article never got an unpacked copy after its first one was refused");
    }

    [Fact]
    public void Bytes_read_before_a_change_was_announced_are_not_put_back()
    {
        var changes = ListeningChanges();
        using var cache = new ArticleCache(new ConfigurationBuilder().Build(), changes);
        var id = Guid.NewGuid();
        var old = new StoredArticle(id, "alt", "{\"title\":\"alt\"}"u8.ToArray(), "\"old\"", DateTime.UtcNow, []);

        var readAt = cache.Now;               // a reader starts reading the old version
        changes.Announce("article", id);      // the change commits and is announced
        cache.Store(old, readAt);             // the slow reader comes back with the old bytes

        Assert.Null(cache.Find(new Platform.Http.IdOrSlug(id, null)));
        cache.Store(old with { ETag = "\"new\"" }, cache.Now);
        Assert.Equal("\"new\"", cache.Find(new Platform.Http.IdOrSlug(null, "alt"))!.ETag);
    }

    [Fact]
    public async Task A_fill_racing_an_announced_change_never_leaves_the_old_bytes_behind()
    {
        var changes = ListeningChanges();
        using var cache = new ArticleCache(new ConfigurationBuilder().Build(), changes);
        var id = Guid.NewGuid();
        var key = new Platform.Http.IdOrSlug(id, null);
        var json = System.Text.Encoding.UTF8.GetBytes(new string('x', 4000));
        var version = 0;
        for (var round = 0; round < 3000; round++)
        {
            // A reader reads the current version while a writer commits the next one and announces it.
            var readAt = cache.Now;
            var read = version;
            using var start = new Barrier(2);
            var fill = Task.Run(() =>
            {
                start.SignalAndWait();
                cache.Store(new StoredArticle(id, "a", json, $"\"v{read}\"", DateTime.UtcNow, []), readAt);
            });
            var write = Task.Run(() =>
            {
                start.SignalAndWait();
                version = read + 1;
                changes.Announce("article", id);
            });
            await Task.WhenAll(fill, write);

            var cached = cache.Find(key);
            Assert.True(cached is null, $"round {round}: version {read} still cached after version {version} was announced");
        }
    }

    [Fact]
    public void The_bytes_live_in_a_file_nobody_else_can_open_and_a_full_file_is_replaced_without_serving_wrong_bytes()
    {
        var directory = Directory.CreateTempSubdirectory("ozd-cache-test").FullName;
        try
        {
            // A budget of 16 MiB is a file of 16 MiB; articles of 12,000 random bytes stay ~12,023 bytes in gzip.
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Caching:ArticleBytes"] = (16 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Caching:Directory"] = directory,
            }).Build();
            using var cache = new ArticleCache(configuration, ListeningChanges());
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
            Assert.Contains(Formats.FormatCacheTests.OpenFilesIn(directory), target => target.Contains("ozd-article-cache-") && target.EndsWith(" (deleted)"));
            var random = new Random(1201);
            List<StoredArticle> Batch(string name) => Enumerable.Range(0, 1000).Select(i =>
            {
                var json = new byte[12_000];
                random.NextBytes(json);
                return new StoredArticle(Guid.NewGuid(), $"{name}-{i}", json, $"\"{name}{i}\"", DateTime.UtcNow, []);
            }).ToList();
            void StoreAll(List<StoredArticle> batch) => batch.ForEach(article => cache.Store(article, cache.Now));
            void AssertServedAsStored(IEnumerable<StoredArticle> batch)
            {
                foreach (var article in batch)
                {
                    var found = cache.Find(new Platform.Http.IdOrSlug(article.Id, null));
                    Assert.NotNull(found);
                    Assert.Equal(article.ETag, found.ETag);
                    Assert.Equal(article.Json, found.Json);
                }
            }

            var a = Batch("a"); // 12 MB of the first file
            StoreAll(a);
            AssertServedAsStored(a);
            a.ForEach(article => cache.Evict(article.Id));
            var b = Batch("b"); // fills the first file (b0…b394) and starts a second one
            StoreAll(b);
            AssertServedAsStored(b);
            b.Skip(100).ToList().ForEach(article => cache.Evict(article.Id));
            var c = Batch("c"); // fills the second file: a third one, and the first is closed
            StoreAll(c);

            AssertServedAsStored(c);
            // b0…b99 were in the closed file: a miss (read again from the database), not an error or other bytes.
            Assert.All(b.Take(100), article => Assert.Null(cache.Find(new Platform.Http.IdOrSlug(article.Id, null))));
            Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_request_after_a_write_does_not_join_a_read_begun_before_it()
    {
        var changes = ListeningChanges();
        using var cache = new ArticleCache(new ConfigurationBuilder().Build(), changes);
        var id = Guid.NewGuid();
        var key = new Platform.Http.IdOrSlug(id, null);
        var slowRead = new TaskCompletionSource<StoredArticle?>();
        var reads = 0;

        // A reader starts reading version 1 and is slow; a write commits version 2 and evicts.
        var before = cache.FillAsync(key, () => { reads++; return slowRead.Task; });
        changes.Announce("article", id);
        // A request after the write must read version 2 itself, not wait for the old read.
        var after = await cache.FillAsync(key, () =>
        {
            reads++;
            return Task.FromResult<StoredArticle?>(new StoredArticle(id, "a", "{\"v\":2}"u8.ToArray(), "\"v2\"", DateTime.UtcNow, []));
        });
        slowRead.SetResult(new StoredArticle(id, "a", "{\"v\":1}"u8.ToArray(), "\"v1\"", DateTime.UtcNow, []));

        Assert.Equal("\"v2\"", after!.ETag);
        Assert.Equal("\"v1\"", (await before)!.ETag);
        Assert.Equal(2, reads);
        Assert.Equal("\"v2\"", cache.Find(key)!.ETag);

        // Without an eviction in between, requests at the same moment share one read.
        var other = new Platform.Http.IdOrSlug(Guid.NewGuid(), null);
        var shared = new TaskCompletionSource<StoredArticle?>();
        var first = cache.FillAsync(other, () => { reads++; return shared.Task; });
        var second = cache.FillAsync(other, () => { reads++; return shared.Task; });
        shared.SetResult(null);
        await Task.WhenAll(first, second);
        Assert.Equal(3, reads);
    }

    // As the service's once its listener is connected: the cache is used only while changes can be heard.
    internal static ContentChanges ListeningChanges()
    {
        var changes = new ContentChanges();
        changes.Listened(true);
        return changes;
    }
}
