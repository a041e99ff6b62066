using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace OzdContentApi.Keys;

/// <summary>Secrets look like <c>ozd_</c> + 43 base64url characters (256 random bits).</summary>
public static class ApiKeySecrets
{
    public const string Prefix = "ozd_";
    private const int PrefixShown = 12;

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static string Visible(string secret) => secret[..Math.Min(PrefixShown, secret.Length)];

    /// <summary>Cheap shape check so garbage never reaches the database.</summary>
    public static bool LooksValid(string secret) =>
        secret.Length is >= 20 and <= 200 && secret.StartsWith(Prefix, StringComparison.Ordinal)
        && secret.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
