namespace OzdContentApi.Platform.Database;

/// <summary>The folder holding <c>initdb</c>, <c>pg_ctl</c> and <c>postgres</c>.</summary>
public sealed record PostgresBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");
    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>
    /// Another tool of the same installation (pg_basebackup): next to pg_ctl, or next to what a
    /// pg_ctl link on PATH points at.
    /// </summary>
    public string Tool(string name)
    {
        var here = Path.Combine(Directory, name);
        if (File.Exists(here))
            return here;
        var target = new FileInfo(PgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        return target is null ? here : Path.Combine(Path.GetDirectoryName(target)!, name);
    }

    public static readonly string NotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. " +
        "Either install PostgreSQL (Debian/Ubuntu: apt-get install postgresql) or set ConnectionStrings__Content " +
        "to an existing database.";

    /// <summary>
    /// An explicit folder if given; otherwise PATH first, then the newest Debian-style install.
    /// </summary>
    public static PostgresBinaries Locate(string? explicitDirectory = null)
    {
        foreach (var candidate in Candidates(explicitDirectory))
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl")))
                return new PostgresBinaries(candidate);
        }
        throw new StartupException(string.IsNullOrWhiteSpace(explicitDirectory)
            ? NotFoundMessage
            : $"EmbeddedDatabase__BinariesDirectory is '{explicitDirectory}', which holds no initdb and pg_ctl. Name the folder " +
              "that does (e.g. /usr/lib/postgresql/15/bin), leave it unset to search PATH and /usr/lib/postgresql (Debian/Ubuntu: " +
              "apt-get install postgresql), or set ConnectionStrings__Content to an existing database.");
    }

    private static IEnumerable<string> Candidates(string? explicitDirectory)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            yield return explicitDirectory;
            yield break;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            yield return dir;

        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            var versions = System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .OrderByDescending(x => x.Version);
            foreach (var (dir, _) in versions)
                yield return Path.Combine(dir, "bin");
        }
    }
}
