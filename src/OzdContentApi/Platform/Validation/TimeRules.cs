namespace OzdContentApi.Platform.Validation;

/// <summary>
/// Times the service accepts: with a zone (Z or an offset), between 1900 and 3000 — the same range
/// as the database's checks, so nothing becomes ±infinity or year 1 on the way in.
/// </summary>
public static class TimeRules
{
    public static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Latest = new(3000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public const string RangeMessage = "Must be a time from 1900-01-01T00:00:00Z to 3000-01-01T00:00:00Z.";

    public static bool IsInRange(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();
        return utc >= Earliest && utc <= Latest;
    }
}
