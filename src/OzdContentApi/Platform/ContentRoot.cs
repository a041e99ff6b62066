namespace OzdContentApi.Platform;

/// <summary>
/// Where appsettings*.json are: the working directory when it has them (dotnet run, the
/// container), else the folder of the binary, so `dotnet path/to/OzdContentApi.dll` started
/// from anywhere still reads its configuration.
/// </summary>
public static class ContentRoot
{
    public static string? Find()
    {
        const string settings = "appsettings.json";
        if (File.Exists(Path.Combine(Directory.GetCurrentDirectory(), settings)))
            return null;
        return File.Exists(Path.Combine(AppContext.BaseDirectory, settings)) ? AppContext.BaseDirectory : null;
    }
}
