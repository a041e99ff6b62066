namespace OzdContentApi.Keys;

/// <summary>
/// What a key may do. <c>write</c> includes <c>preview</c>: an editor reads what they write.
/// <c>syndication</c> is a partner's: published articles still under embargo, nothing unpublished;
/// <c>preview</c> (and so <c>write</c>) sees those too.
/// </summary>
public static class Scopes
{
    public const string Preview = "preview";
    public const string Write = "write";
    public const string Admin = "admin";
    public const string Syndication = "syndication";

    public static readonly IReadOnlyList<string> All = [Preview, Write, Admin, Syndication];

    /// <summary>The scopes that grant <paramref name="scope"/>.</summary>
    public static string[] Granting(string scope) => scope switch
    {
        Preview => [Preview, Write],
        Syndication => [Syndication, Preview, Write],
        _ => [scope],
    };

    public const string ClaimType = "scope";
}
