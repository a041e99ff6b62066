using System.Security.Cryptography;
using System.Text;

namespace OzdContentApi.Webhooks;

/// <summary>
/// Standard Webhooks v1 (https://www.standardwebhooks.com): a secret is "whsec_" and base64 of
/// 32 random bytes; a signature is "v1," and base64 of HMAC-SHA256 over "id.timestamp.body" with
/// the secret's bytes. Several signatures (during a rotation) are separated by spaces.
/// </summary>
public static class WebhookSignatures
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, byte[] body)
    {
        var key = Convert.FromBase64String(secret[Prefix.Length..]);
        var signed = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        using var hmac = new HMACSHA256(key);
        hmac.TransformBlock(signed, 0, signed.Length, null, 0);
        hmac.TransformFinalBlock(body, 0, body.Length);
        return "v1," + Convert.ToBase64String(hmac.Hash!);
    }

    /// <summary>The webhook-signature header: the current secret's signature, then the previous one's while it is valid.</summary>
    public static string Header(IEnumerable<string> secrets, string messageId, long timestamp, byte[] body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, messageId, timestamp, body)));
}
