using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;
using OzdContentApi.Articles;

namespace OzdContentApi.Imports;

/// <summary>
/// <c>import-ozd-text &lt;folder or files…&gt; [--warnings]</c>: every <c>.txt</c> file becomes a draft,
/// with a progress line. A file whose bytes were imported before (by content hash) is skipped, so an
/// interrupted run (Ctrl+C finishes the files in flight) is simply run again. Exit code 1 when any
/// file failed; each is named with the reason. Same configuration as the service.
/// </summary>
public static class ImportCommand
{
    public const string Verb = "import-ozd-text";

    // Enough writers for PostgreSQL to commit several drafts with one flush of its log.
    private const int DefaultWriters = 8;

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Verb;

    private const string ImportedSql = "select content_hash from imported_texts where content_hash = any(@Hashes)";

    private const string RecordSql = """
        insert into imported_texts (content_hash, article_id, source) values (@Hash, @ArticleId, @Source)
        """;

    private static int Usage(string? problem)
    {
        if (problem is not null)
            Console.Error.WriteLine($"{Verb}: {problem}");
        Console.Error.WriteLine($"usage: {Verb} <folder or .txt files…> [--warnings] [--writers {DefaultWriters}]");
        return 2;
    }

    public static async Task<int> RunAsync(IServiceProvider services, string[] args)
    {
        var showWarnings = args.Contains("--warnings");
        var writersAt = Array.IndexOf(args, "--writers");
        var writers = DefaultWriters;
        if (writersAt > 0 && !(writersAt + 1 < args.Length && int.TryParse(args[writersAt + 1], out writers) && writers is > 0 and <= 64))
            return Usage("--writers takes a whole number from 1 to 64");
        var paths = args.Select((a, i) => (a, i)).Skip(1).Where(p => p.a != "--warnings" && p.i != writersAt && p.i != writersAt + 1).Select(p => p.a).ToList();
        if (paths.FirstOrDefault(p => p.StartsWith("--", StringComparison.Ordinal)) is { } option)
            return Usage($"unknown option '{option}'");
        var (files, missing) = Files(paths);
        if (paths.Count == 0 || missing.Count > 0)
        {
            foreach (var path in missing)
                Console.Error.WriteLine($"{Verb}: {path}: no such file or folder");
            return Usage(null);
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
            Console.Error.WriteLine($"\n{Verb}: stopping after the files in flight; run it again to continue.");
        };

        var importer = services.GetRequiredService<OzdTextImporter>();
        var db = services.GetRequiredService<NpgsqlDataSource>();
        var persons = await importer.KnownPersonsAsync(CancellationToken.None);
        var progress = new Progress(files.Count);
        var failures = new ConcurrentBag<(string File, string Reason)>();
        var warnings = new ConcurrentBag<(string File, ImportWarning Warning)>();

        using var ticker = new Timer(_ => progress.Print(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
        foreach (var batch in files.Chunk(500))
        {
            if (stop.IsCancellationRequested)
                break;
            var texts = batch.Select(f => (File: f, Bytes: File.ReadAllBytes(f))).Select(f => (f.File, f.Bytes, Hash: SHA256.HashData(f.Bytes))).ToList();
            var known = await ImportedAsync(db, texts.Select(t => t.Hash).ToArray());
            await Parallel.ForEachAsync(texts, new ParallelOptions { MaxDegreeOfParallelism = writers }, async (text, _) =>
            {
                if (stop.IsCancellationRequested)
                    return;
                if (known.Contains(Convert.ToHexString(text.Hash)))
                {
                    progress.Skipped();
                    return;
                }
                var outcome = await ImportAsync(importer, persons, progress, text.File, text.Bytes, text.Hash);
                switch (outcome)
                {
                    case Outcome.Imported imported:
                        foreach (var warning in imported.Warnings)
                            warnings.Add((text.File, warning));
                        progress.Imported(imported.Warnings.Count);
                        break;
                    case Outcome.Duplicate:
                        progress.Skipped();
                        break;
                    case Outcome.Failed failed:
                        failures.Add((text.File, failed.Reason));
                        progress.Failed();
                        break;
                }
            });
        }
        await ticker.DisposeAsync();
        progress.Print();
        Console.WriteLine();

        if (showWarnings)
        {
            foreach (var (file, warning) in warnings.OrderBy(w => w.File, StringComparer.Ordinal).ThenBy(w => w.Warning.Line))
                Console.WriteLine($"{file}:{warning.Line}: {warning.Message}");
        }
        foreach (var (file, reason) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
            Console.Error.WriteLine($"{Verb}: FAILED {file}: {reason}");
        Console.WriteLine(progress.Summary(stop.IsCancellationRequested));
        return failures.IsEmpty ? (stop.IsCancellationRequested ? 130 : 0) : 1;
    }

    private abstract record Outcome
    {
        public sealed record Imported(IReadOnlyList<ImportWarning> Warnings) : Outcome;
        public sealed record Duplicate : Outcome;
        public sealed record Failed(string Reason) : Outcome;
    }

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static async Task<Outcome> ImportAsync(OzdTextImporter importer, IReadOnlyList<KnownPerson> persons, Progress progress,
        string file, byte[] bytes, byte[] hash)
    {
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            return new Outcome.Failed($"not UTF-8 text (byte {e.Index})");
        }
        var parsing = Stopwatch.GetTimestamp();
        var prepared = importer.Prepare(text, title: null, persons);
        progress.Parsed(Stopwatch.GetElapsedTime(parsing));
        switch (prepared)
        {
            case Prepared.NotOzdText(var failure):
                return new Outcome.Failed($"line {failure.Line}: {failure.Message}");
            case Prepared.Invalid(var errors):
                return new Outcome.Failed(string.Join("; ", errors.Select(e => e.Message)));
            case Prepared.Ready(var parsed):
                try
                {
                    return await importer.CreateAsync(parsed.Article, CancellationToken.None, (batch, article) =>
                            batch.Add(RecordSql, ("Hash", hash), ("ArticleId", article.Id), ("Source", Path.GetFileName(file))))
                        switch
                        {
                            WriteOutcome.Saved => new Outcome.Imported(parsed.Warnings),
                            var other => new Outcome.Failed(other.ToString()),
                        };
                }
                catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "imported_texts_pkey" })
                {
                    return new Outcome.Duplicate(); // the same text twice in this run
                }
            default:
                throw new InvalidOperationException("Unknown preparation.");
        }
    }

    private static async Task<HashSet<string>> ImportedAsync(NpgsqlDataSource db, byte[][] hashes)
    {
        await using var connection = await db.OpenConnectionAsync();
        var rows = await connection.QueryAsync<byte[]>(ImportedSql, new { Hashes = hashes });
        return rows.Select(Convert.ToHexString).ToHashSet();
    }

    /// <summary>Every .txt file named, or under a folder named (sorted, so runs go in the same order).</summary>
    private static (List<string> Files, List<string> Missing) Files(IEnumerable<string> paths)
    {
        var files = new List<string>();
        var missing = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path, "*.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            else if (File.Exists(path))
                files.Add(path);
            else
                missing.Add(path);
        }
        return (files.Distinct().ToList(), missing);
    }

    /// <summary>The progress line: files done of all, articles per second, warnings and failures so far.</summary>
    private sealed class Progress(int total)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private int _imported, _skipped, _failed, _warnings, _parsed;
        private long _parsingTicks;

        /// <summary>Parsing and checking one text (no database): reported per text in the summary.</summary>
        public void Parsed(TimeSpan took)
        {
            Interlocked.Increment(ref _parsed);
            Interlocked.Add(ref _parsingTicks, took.Ticks);
        }

        public void Imported(int warnings)
        {
            Interlocked.Increment(ref _imported);
            Interlocked.Add(ref _warnings, warnings);
        }

        public void Skipped() => Interlocked.Increment(ref _skipped);

        public void Failed() => Interlocked.Increment(ref _failed);

        private double Rate => _imported / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);

        public void Print()
        {
            var done = _imported + _skipped + _failed;
            Console.Write($"\r{Verb}: {done}/{total} files, {Rate:0} articles/s, {_warnings} warnings, {_skipped} skipped, {_failed} failed   ");
        }

        public string Summary(bool stopped) =>
            $"{Verb}: {(stopped ? "stopped: " : "")}{_imported} imported, {_skipped} skipped (imported before), {_failed} failed, " +
            $"{_warnings} warnings, in {_clock.Elapsed.TotalSeconds:0.0} s ({Rate:0} articles/s; parsing " +
            $"{TimeSpan.FromTicks(_parsingTicks / Math.Max(_parsed, 1)).TotalMilliseconds:0.00} ms per text).";
    }
}
