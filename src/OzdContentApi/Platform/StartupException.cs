namespace OzdContentApi.Platform;

/// <summary>
/// A start-up failure the operator can fix (missing PostgreSQL, edited migration, missing
/// configuration). Program prints its message as one line and exits; no stack trace.
/// </summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);
