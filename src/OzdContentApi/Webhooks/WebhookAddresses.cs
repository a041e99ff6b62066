using System.Net;
using System.Net.Sockets;
using OzdContentApi.Platform;

namespace OzdContentApi.Webhooks;

/// <summary>
/// Where webhooks may send (against server-side request forgery): only to addresses on the public
/// internet, checked when a webhook is created and again for every connection (DNS can change
/// between the two), unless <c>Webhooks:AllowPrivateNetworks</c> is true (Development).
/// </summary>
public sealed class WebhookAddresses(IConfiguration configuration)
{
    public bool AllowPrivateNetworks { get; } = Settings.Bool(configuration, "Webhooks:AllowPrivateNetworks", false);

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

    /// <summary>
    /// True for addresses on the public internet. IPv4: everything but the ranges IANA's
    /// special-purpose registry marks as not globally reachable, multicast and reserved. IPv6: only
    /// global unicast (2000::/3) outside its special-purpose blocks, and IPv4 written as IPv6
    /// (mapped, NAT64 64:ff9b::/96) when that IPv4 address is public: every other form that embeds
    /// or translates to IPv4 (IPv4-compatible ::a.b.c.d, SIIT, local NAT64, 6to4, Teredo) is refused.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
            return !RefusedIPv4.Any(range => range.Contains(b));
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return false;
        if (address.IsIPv4MappedToIPv6 || Nat64.Contains(b))
            return IsPublic(new IPAddress(b[12..]));
        return GlobalUnicast.Contains(b) && !RefusedIPv6.Any(range => range.Contains(b));
    }

    private readonly record struct Range(byte[] Prefix, int Bits)
    {
        public static Range Parse(string cidr)
        {
            var slash = cidr.IndexOf('/');
            return new Range(IPAddress.Parse(cidr[..slash]).GetAddressBytes(), int.Parse(cidr[(slash + 1)..]));
        }

        public bool Contains(byte[] address)
        {
            if (address.Length != Prefix.Length)
                return false;
            for (var bit = 0; bit < Bits; bit += 8)
            {
                var mask = (byte)(0xFF << Math.Max(0, 8 - (Bits - bit)));
                if ((address[bit / 8] & mask) != (Prefix[bit / 8] & mask))
                    return false;
            }
            return true;
        }
    }

    private static readonly Range[] RefusedIPv4 =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10" /* carrier-grade NAT */, "127.0.0.0/8",
            "169.254.0.0/16" /* link-local, cloud metadata */, "172.16.0.0/12", "192.0.0.0/24" /* IETF protocol assignments */,
            "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24" /* documentation */, "192.88.99.0/24" /* 6to4 relays */,
            "192.168.0.0/16", "198.18.0.0/15" /* benchmarking */, "224.0.0.0/4" /* multicast */, "240.0.0.0/4" /* reserved, broadcast */,
        }.Select(Range.Parse),
    ];

    private static readonly Range GlobalUnicast = Range.Parse("2000::/3");
    private static readonly Range Nat64 = Range.Parse("64:ff9b::/96");

    private static readonly Range[] RefusedIPv6 =
    [
        .. new[]
        {
            "2001::/23" /* IETF protocol assignments: Teredo, ORCHID, benchmarking… */, "2001:db8::/32", "3fff::/20" /* documentation */,
            "2002::/16" /* 6to4: reaches any IPv4 */, "5f00::/16" /* SRv6 */,
        }.Select(Range.Parse),
    ];
}
