using System.Diagnostics;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>
/// Counts the commands and batches Npgsql sends to one database while an action runs (it reports
/// each as an activity); other test classes, running at the same time, use other databases.
/// </summary>
public static class DatabaseCommands
{
    public static async Task<(T Result, int Commands)> CountAsync<T>(string database, Func<Task<T>> action)
    {
        var commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                var target = activity.GetTagItem("db.namespace") ?? activity.GetTagItem("db.name");
                var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string;
                // The change listener's own LISTEN, when a test starts as the service does, is not the test's work,
                // nor is the search's read of the word statistics, which the first search starts in the background.
                var background = text?.StartsWith("listen ", StringComparison.Ordinal) == true
                                 || text?.Contains("from pg_stats", StringComparison.Ordinal) == true;
                if (activity.OperationName != "connect" && !background && Equals(target, database))
                    Interlocked.Increment(ref commands);
            },
        };
        ActivitySource.AddActivityListener(listener);
        var result = await action();
        return (result, commands);
    }
}
