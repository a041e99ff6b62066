using Microsoft.AspNetCore.Connections;

namespace OzdContentApi.Platform;

public static class Listening
{
    /// <summary>
    /// Starts the server; an address someone else listens on is one line saying how to choose
    /// another (the host's own log of it, a stack trace, is switched off in appsettings.json).
    /// </summary>
    public static async Task StartListeningAsync(this WebApplication app)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            var where = app.Configuration["urls"] is { Length: > 0 } urls ? urls : "the configured address";
            throw new StartupException(
                $"Cannot listen on {where}: another process uses that port. Stop it, or choose another port with " +
                "--urls http://localhost:5081 (dotnet run … -- --urls …) or ASPNETCORE_URLS with --no-launch-profile.", e);
        }
    }
}
