using System.Net;
using System.Net.Sockets;

namespace OzdContentApi.Webhooks;

/// <summary>
/// Where webhooks may send (against server-side request forgery): only to addresses on the public
/// internet, checked when a webhook is created and again for every connection (DNS can change
/// between the two), unless <c>Webhooks:AllowPrivateNetworks</c> is true (Development).
/// </summary>
public sealed class WebhookAddresses(IConfiguration configuration)
{
    public bool AllowPrivateNetworks { get; } = configuration.GetValue("Webhooks:AllowPrivateNetworks", false);

    /// <summary>The addresses of <paramref name="host"/> a webhook may connect to, or why there are none.</summary>
    public async Task<(IPAddress[] Allowed, string? Refusal)> ResolveAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, ct);
            }
            catch (SocketException)
            {
                return ([], $"{host} does not resolve.");
            }
        }
        if (addresses.Length == 0)
            return ([], $"{host} does not resolve.");
        if (AllowPrivateNetworks)
            return (addresses, null);
        var refused = addresses.Where(a => !IsPublic(a)).ToList();
        return refused.Count > 0
            ? ([], $"{host} resolves to {refused[0]}, a loopback, private, link-local or otherwise non-public address.")
            : (addresses, null);
    }

    /// <summary>True for addresses on the public internet; false for loopback, private, link-local (and so cloud metadata), CGNAT, multicast and reserved ones.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)
            || address.Equals(IPAddress.Broadcast) || address.Equals(IPAddress.IPv6None))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)     // carrier-grade NAT
                     || (b[0] == 169 && b[1] == 254)                   // link-local, cloud metadata
                     || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)        // IETF protocol assignments
                     || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));  // benchmarking
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                     || (b[0] & 0xFE) == 0xFC                          // unique local, incl. fd00:ec2::254 (metadata)
                     || address.IsIPv6Teredo || (b[0] == 0x20 && b[1] == 0x02));  // 6to4 can reach private IPv4
        }
        return false;
    }
}
