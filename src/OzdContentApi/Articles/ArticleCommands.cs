using System.Diagnostics;

namespace OzdContentApi.Articles;

/// <summary>
/// <c>rebuild-representations [--all]</c>: stores every article's bytes now instead of on first
/// read (after a bulk load into the tables, or a start that changed the stored format), with a
/// progress line. Same configuration as the service; it exits when done.
/// </summary>
public static class ArticleCommands
{
    public const string RebuildVerb = "rebuild-representations";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == RebuildVerb;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        if (args.Skip(1).FirstOrDefault(a => a != "--all") is { } unknown)
        {
            Console.Error.WriteLine($"{RebuildVerb}: unknown argument '{unknown}'");
            Console.Error.WriteLine($"usage: {RebuildVerb} [--all]");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var rebuilt = await services.GetRequiredService<ArticleRepresentations>().RebuildMissingAsync(args.Contains("--all"),
            (done, total) => Console.Write($"\rrebuilt {done}/{total} articles ({done / Math.Max(clock.Elapsed.TotalSeconds, 0.001):0}/s)"),
            CancellationToken.None);
        Console.WriteLine($"{(rebuilt > 0 ? "\n" : "")}{RebuildVerb}: {rebuilt} articles in {clock.Elapsed.TotalSeconds:0.0} s.");
        return 0;
    }
}
