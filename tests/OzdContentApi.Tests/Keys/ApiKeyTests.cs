using System.Net;
using System.Security.Cryptography;
using System.Text;
using OzdContentApi.Tests.Infrastructure;

namespace OzdContentApi.Tests.Keys;

public sealed class ApiKeyTests(ContentApiFactory api) : IClassFixture<ContentApiFactory>
{
    [Fact]
    public async Task An_admin_creates_a_key_whose_secret_is_shown_once_and_then_works()
    {
        var admin = await api.ClientWithScopesAsync("admin");

        var created = await admin.PostJsonAsync("/v1/keys", """{"name": "CMS editor", "scopes": ["write"]}""");
        var key = await created.ReadJsonAsync(HttpStatusCode.Created);
        var secret = key.GetProperty("secret").GetString()!;
        Assert.StartsWith("ozd_", secret);
        Assert.Equal($"/v1/keys/{key.GetProperty("id").GetString()}", created.Headers.Location?.ToString());
        Assert.Equal(["write"], key.GetProperty("scopes").Strings());

        var listed = await (await admin.GetAsync(created.Headers.Location!)).ReadJsonAsync();
        Assert.False(listed.TryGetProperty("secret", out _));
        Assert.Equal(secret[..12], listed.GetProperty("prefix").GetString());
        Assert.DoesNotContain(secret, await admin.GetStringAsync("/v1/keys?limit=100"));

        var editor = api.ClientWithKey(secret);
        await (await editor.PostJsonAsync("/v1/persons", """{"name": "Neue Person"}""")).ReadJsonAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var key = await (await admin.PostJsonAsync("/v1/keys", """{"name": "hashed", "scopes": ["preview"]}""")).ReadJsonAsync(HttpStatusCode.Created);
        var secret = key.GetProperty("secret").GetString()!;

        var rows = await api.QueryAsync<string>("select row_to_json(k)::text from api_keys k where k.id = @id::uuid", ("id", key.GetProperty("id").GetString()!));

        var row = Assert.Single(rows);
        Assert.DoesNotContain(secret, row);
        Assert.DoesNotContain(secret[12..], row);
        var hash = await api.QueryAsync<byte[]>("select secret_hash from api_keys where id = @id::uuid", ("id", key.GetProperty("id").GetString()!));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(secret)), Assert.Single(hash));
    }

    [Fact]
    public async Task A_revoked_key_is_refused_with_401()
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var key = await (await admin.PostJsonAsync("/v1/keys", """{"name": "short-lived", "scopes": ["write"]}""")).ReadJsonAsync(HttpStatusCode.Created);
        var writer = api.ClientWithKey(key.GetProperty("secret").GetString()!);
        await (await writer.PostJsonAsync("/v1/persons", """{"name": "Vorher"}""")).ReadJsonAsync(HttpStatusCode.Created);

        var revoke = await admin.DeleteAsync($"/v1/keys/{key.GetProperty("id").GetString()}", null);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);

        var problem = await (await writer.PostJsonAsync("/v1/persons", """{"name": "Nachher"}""")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("unknown or revoked", problem.GetProperty("detail").GetString());
        var listed = await (await admin.GetAsync($"/v1/keys/{key.GetProperty("id").GetString()}")).ReadJsonAsync();
        Assert.NotEqual(JsonValueKindNull, listed.GetProperty("revokedAt").ValueKind);
    }

    // Instances keep the keys they looked up (ApiKeyCache); a revocation made elsewhere (another
    // instance, the revoke-development-keys command, an operator in psql) reaches them through
    // PostgreSQL's notification (migration 0018), not after the minute a kept key may live.
    [Fact]
    public async Task A_key_revoked_outside_this_instance_is_refused_as_soon_as_PostgreSQL_announces_it()
    {
        var admin = await api.ClientWithScopesAsync("admin");
        var key = await (await admin.PostJsonAsync("/v1/keys", """{"name": "elsewhere", "scopes": ["preview"]}""")).ReadJsonAsync(HttpStatusCode.Created);
        var reader = api.ClientWithKey(key.GetProperty("secret").GetString()!);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/articles?status=draft")).StatusCode);

        await api.QueryAsync<Guid>("update api_keys set revoked_at = now() where id = @id::uuid returning id", ("id", key.GetProperty("id").GetString()!));

        var status = HttpStatusCode.OK;
        for (var i = 0; i < 50 && status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            status = (await reader.GetAsync("/v1/articles?status=draft")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task No_key_or_an_unknown_key_is_401_with_a_Bearer_challenge()
    {
        var anonymous = api.CreateClient();
        var none = await anonymous.PostJsonAsync("/v1/persons", """{"name": "X"}""");
        var problem = await none.ReadProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Bearer", problem.GetProperty("detail").GetString());
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

        var unknown = api.ClientWithKey("ozd_notarealkeynotarealkeynotarealkey000000");
        await (await unknown.PostJsonAsync("/v1/persons", """{"name": "X"}""")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        // A bad key is refused on delivery too, rather than read silently as anonymous.
        await (await unknown.GetAsync("/v1/articles")).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403_naming_the_scope()
    {
        var preview = await api.ClientWithScopesAsync("preview");
        var problem = await (await preview.PostJsonAsync("/v1/persons", """{"name": "X"}""")).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("'write'", problem.GetProperty("detail").GetString());

        var writer = await api.ClientWithScopesAsync("write");
        var keys = await (await writer.GetAsync("/v1/keys")).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("'admin'", keys.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Key_requests_are_validated()
    {
        var admin = await api.ClientWithScopesAsync("admin");

        await (await admin.PostJsonAsync("/v1/keys", """{"name": "x", "scopes": ["root"]}""")).ReadValidationProblemAsync("scopes[0]");
        await (await admin.PostJsonAsync("/v1/keys", """{"scopes": []}""")).ReadValidationProblemAsync("name", "scopes");
        await (await admin.DeleteAsync("/v1/keys/not-a-uuid", null)).ReadValidationProblemAsync("id");
        await (await admin.DeleteAsync($"/v1/keys/{Guid.NewGuid()}", null)).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_key_may_have_every_scope_as_the_development_key_has()
    {
        var admin = await api.ClientWithScopesAsync("admin");

        var key = await (await admin.PostJsonAsync("/v1/keys", """{"name": "all", "scopes": ["preview", "write", "admin", "syndication"]}"""))
            .ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal(["preview", "write", "admin", "syndication"], key.GetProperty("scopes").Strings());
        await (await admin.PostJsonAsync("/v1/keys", """{"name": "twice", "scopes": ["admin", "admin"]}""")).ReadValidationProblemAsync("scopes");
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}
