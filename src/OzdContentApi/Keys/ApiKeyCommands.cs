namespace OzdContentApi.Keys;

/// <summary>
/// Key management outside HTTP: the first admin key of a fresh database
/// (<c>create-key --name … --scopes admin</c>), the well-known key of the Development run, and
/// the start-up check that keeps that key out of every other environment.
/// </summary>
public static class ApiKeyCommands
{
    public const string CreateKeyVerb = "create-key";
    public const string RevokeDevelopmentKeysVerb = "revoke-development-keys";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is CreateKeyVerb or RevokeDevelopmentKeysVerb;

    /// <returns>The process exit code.</returns>
    public static Task<int> RunAsync(IServiceProvider services, string[] args) =>
        args[0] == CreateKeyVerb ? CreateKeyAsync(services, args) : RevokeDevelopmentKeysAsync(services);

    private static async Task<int> CreateKeyAsync(IServiceProvider services, string[] args)
    {
        var name = Option(args, "--name") ?? "first admin key";
        var scopes = (Option(args, "--scopes") ?? Scopes.Admin)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var invalid = new ApiKeyInputValidator().Validate(new ApiKeyInput { Name = name, Scopes = scopes });
        if (!invalid.IsValid)
        {
            Console.Error.WriteLine($"create-key: {string.Join(" ", invalid.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}"))}");
            return 2;
        }

        var key = (await services.GetRequiredService<ApiKeyStore>().CreateAsync(name, scopes, CancellationToken.None))!;
        Console.WriteLine($"Created API key {key.Id} \"{key.Name}\" with scopes {string.Join(", ", key.Scopes)}.");
        Console.WriteLine("Its secret, shown only now:");
        Console.WriteLine(key.Secret);
        return 0;
    }

    private static async Task<int> RevokeDevelopmentKeysAsync(IServiceProvider services)
    {
        var revoked = await services.GetRequiredService<ApiKeyStore>().RevokeDevelopmentKeysAsync(CancellationToken.None);
        Console.WriteLine($"Revoked {revoked} development key(s).");
        return 0;
    }

    /// <summary>
    /// Makes the configured Development key work in the embedded database the Development run
    /// created itself, and says so on the console. Never called for a configured database.
    /// </summary>
    public static async Task EnsureDevelopmentKeyAsync(IServiceProvider services, string secret)
    {
        if (!ApiKeySecrets.LooksValid(secret))
            throw new Platform.StartupException("ApiKeys:DevelopmentKey must start with 'ozd_' and use only letters, digits, '-' and '_'.");
        var store = services.GetRequiredService<ApiKeyStore>();
        if (await store.FindActiveAsync(secret, CancellationToken.None) is null)
            await store.CreateAsync("development key", Scopes.All, CancellationToken.None, secret, development: true);
        Console.WriteLine($"Development API key (scopes {string.Join(", ", Scopes.All)}): {secret}");
    }

    /// <summary>Outside Development the start stops while the database still accepts a development key.</summary>
    public static async Task RefuseDevelopmentKeysAsync(IServiceProvider services)
    {
        var active = await services.GetRequiredService<ApiKeyStore>().CountActiveDevelopmentKeysAsync(CancellationToken.None);
        if (active > 0)
            throw new Platform.StartupException(
                $"This database still accepts {active} development API key(s), whose secret is public. Revoke them with " +
                $"'dotnet OzdContentApi.dll {RevokeDevelopmentKeysVerb}' (same configuration), then start again.");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
