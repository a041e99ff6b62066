namespace OzdContentApi.Keys;

/// <summary>What a key may do. <c>write</c> includes <c>preview</c>: an editor reads what they write.</summary>
public static class Scopes
{
    public const string Preview = "preview";
    public const string Write = "write";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Preview, Write, Admin];

    /// <summary>The scopes that grant <paramref name="scope"/>.</summary>
    public static string[] Granting(string scope) => scope == Preview ? [Preview, Write] : [scope];

    public const string ClaimType = "scope";
}
