using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace OzdContentApi.Tests.Infrastructure;

/// <summary>
/// What the in-memory services said when they could not start. Program catches a failed start,
/// writes one line to stderr and returns 1; <see cref="ContentApiFactory"/> names that line when
/// it refuses to hand out a service that never started.
/// </summary>
public static class StartupFailures
{
    private const string Prefix = "OZD Content API cannot start";
    private static readonly ConcurrentQueue<string> Lines = new();

    [ModuleInitializer]
    internal static void ListenToStandardError() => Console.SetError(new Recorder(Console.Error));

    /// <summary>The lines written so far, oldest first (the services of parallel test classes share stderr).</summary>
    public static IReadOnlyList<string> Seen => Lines.ToArray();

    private sealed class Recorder(TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override void Write(string? value) => inner.Write(value);

        public override void WriteLine(string? value)
        {
            if (value is not null && value.StartsWith(Prefix, StringComparison.Ordinal))
                Lines.Enqueue(value);
            inner.WriteLine(value);
        }

        public override void Flush() => inner.Flush();
    }
}
