using System.Globalization;

namespace OzdContentApi.Platform;

/// <summary>
/// Numbers and times read from configuration, checked where they are read: a value that is not
/// one, or out of its range, stops the start with one line naming the setting (as
/// <c>Section__Name</c>, the way it is set in the environment) instead of failing later.
/// </summary>
public static class Settings
{
    public static long Bytes(IConfiguration configuration, string key, long fallback) =>
        Read(configuration, key, fallback, value => value >= 0, "a number of bytes, 0 or more");

    public static int Count(IConfiguration configuration, string key, int fallback) =>
        Read(configuration, key, fallback, value => value >= 1, "a whole number, 1 or more");

    public static int CountOrZero(IConfiguration configuration, string key, int fallback) =>
        Read(configuration, key, fallback, value => value >= 0, "a whole number, 0 or more");

    public static bool Bool(IConfiguration configuration, string key, bool fallback) =>
        Read(configuration, key, fallback, _ => true, "true or false");

    public static double Seconds(IConfiguration configuration, string key, double fallback) =>
        Read(configuration, key, fallback, value => value >= 0 && double.IsFinite(value), "a number of seconds, 0 or more");

    public static TimeSpan PositiveTime(IConfiguration configuration, string key, TimeSpan fallback) =>
        Read(configuration, key, fallback, value => value > TimeSpan.Zero, "a positive time as hh:mm:ss");

    /// <summary>A comma-separated list of positive times (hh:mm:ss), or <paramref name="fallback"/> when unset.</summary>
    public static TimeSpan[] PositiveTimes(IConfiguration configuration, string key, TimeSpan[] fallback)
    {
        if (configuration[key] is not { Length: > 0 } text)
            return fallback;
        var times = new List<TimeSpan>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var time) || time <= TimeSpan.Zero)
                throw Invalid(key, text, "a comma-separated list of positive times as hh:mm:ss");
            times.Add(time);
        }
        return [.. times];
    }

    private static T Read<T>(IConfiguration configuration, string key, T fallback, Func<T, bool> valid, string expected)
    {
        T value;
        try
        {
            value = configuration.GetValue(key, fallback)!;
        }
        catch (InvalidOperationException)
        {
            throw Invalid(key, configuration[key], expected);
        }
        return valid(value) ? value : throw Invalid(key, configuration[key], expected);
    }

    private static StartupException Invalid(string key, string? value, string expected) =>
        new($"{key.Replace(":", "__")} is '{value}'; it must be {expected}.");
}
