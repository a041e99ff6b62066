using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OzdContentApi.Keys;

namespace OzdContentApi.Tests.Infrastructure;

public static class ManagementHelpers
{
    /// <summary>A client that sends a new key with <paramref name="scopes"/>.</summary>
    public static async Task<HttpClient> ClientWithScopesAsync(this ContentApiFactory api, params string[] scopes)
    {
        var key = await api.Services.GetRequiredService<ApiKeyStore>().CreateAsync($"test {string.Join('+', scopes)}", scopes, CancellationToken.None);
        return api.ClientWithKey(key!.Secret);
    }

    public static HttpClient ClientWithKey(this ContentApiFactory api, string secret)
    {
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return client;
    }

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, string? json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        if (ifMatch is not null)
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string? json, string? ifMatch = null) =>
        client.SendJsonAsync(HttpMethod.Post, path, json, ifMatch);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string path, string json, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Put, path, json, ifMatch);

    public static Task<HttpResponseMessage> DeleteAsync(this HttpClient client, string path, string? ifMatch) =>
        client.SendJsonAsync(HttpMethod.Delete, path, null, ifMatch);

    public static string ETag(this HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The response has no ETag.");

    /// <summary>Row counts and the newest change of every content table: equal snapshots mean nothing was written.</summary>
    public static async Task<string> SnapshotAsync(this ContentApiFactory api)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            select concat_ws(' | ',
              (select count(*) || ' articles ' || coalesce(max(updated_at)::text, '') || ' ' || coalesce(sum(version), 0) from articles),
              (select count(*) || ' sections ' || coalesce(md5(string_agg(id::text || position || body::text, ',' order by id)), '') from sections),
              (select count(*) || ' persons ' || coalesce(sum(version), 0) from persons),
              (select count(*) || ' mentions' from article_persons),
              (select count(*) || ' revisions' from article_revisions),
              (select count(*) || ' changes' from content_changes),
              (select count(*) || ' keys' from api_keys))
            """, connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public static async Task<List<T>> QueryAsync<T>(this ContentApiFactory api, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(reader.GetFieldValue<T>(0));
        return rows;
    }
}

/// <summary>The service on a migrated database without any content, for stories that start from nothing.</summary>
public sealed class EmptyContentApiFactory : ContentApiFactory
{
    protected override Task<string> CreateDatabaseAsync(TestPostgres server) => server.CreateEmptyDatabaseAsync();
}
