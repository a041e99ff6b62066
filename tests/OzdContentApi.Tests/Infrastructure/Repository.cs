namespace OzdContentApi.Tests.Infrastructure;

/// <summary>Paths inside the checkout the tests run from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "OzdContentApi.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No OzdContentApi.sln above {AppContext.BaseDirectory}.");
    }
}
