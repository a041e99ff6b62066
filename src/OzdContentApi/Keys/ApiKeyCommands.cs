namespace OzdContentApi.Keys;

/// <summary>
/// Key management outside HTTP: the first admin key of a fresh database
/// (<c>create-key --name … --scopes admin</c>), and the well-known key of the Development run.
/// </summary>
public static class ApiKeyCommands
{
    public const string CreateKeyVerb = "create-key";

    public static bool IsCreateKey(string[] args) => args.Length > 0 && args[0] == CreateKeyVerb;

    /// <returns>The process exit code.</returns>
    public static async Task<int> CreateKeyAsync(IServiceProvider services, string[] args)
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

    /// <summary>Makes the configured Development key work and says so on the console.</summary>
    public static async Task EnsureDevelopmentKeyAsync(IServiceProvider services, string secret)
    {
        if (!ApiKeySecrets.LooksValid(secret))
            throw new Platform.StartupException("ApiKeys:DevelopmentKey must start with 'ozd_' and use only letters, digits, '-' and '_'.");
        var store = services.GetRequiredService<ApiKeyStore>();
        if (await store.FindActiveAsync(secret, CancellationToken.None) is null)
            await store.CreateAsync("development key", Scopes.All, CancellationToken.None, secret);
        Console.WriteLine($"Development API key (scopes {string.Join(", ", Scopes.All)}): {secret}");
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
