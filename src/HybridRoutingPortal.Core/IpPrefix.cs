using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridRoutingPortal.Core;

/// <summary>
/// A normalised CIDR prefix (host bits cleared), IPv4 or IPv6. Ordering and containment work on the
/// network bytes, so the store can index prefixes as byte ranges instead of scanning strings.
/// </summary>
[JsonConverter(typeof(IpPrefixJsonConverter))]
public readonly record struct IpPrefix : IComparable<IpPrefix>
{
    private readonly UInt128 _network;

    private IpPrefix(AddressFamily family, UInt128 network, int length)
    {
        Family = family;
        _network = network;
        Length = length;
    }

    public AddressFamily Family { get; }

    /// <summary>Prefix length in bits.</summary>
    public int Length { get; }

    public bool IsIPv4 => Family == AddressFamily.InterNetwork;

    public int MaxLength => IsIPv4 ? 32 : 128;

    public IPAddress Network => ToAddress(_network);

    /// <summary>The first address of the prefix as big-endian bytes (4 for IPv4, 16 for IPv6).</summary>
    public byte[] StartBytes => ToBytes(_network);

    /// <summary>The last address of the prefix as big-endian bytes.</summary>
    public byte[] EndBytes => ToBytes(_network | HostMask(MaxLength, Length));

    public static IpPrefix Parse(string text) =>
        TryParse(text, out var prefix, out var error) ? prefix : throw new FormatException(error);

    public static bool TryParse([NotNullWhen(true)] string? text, out IpPrefix prefix) => TryParse(text, out prefix, out _);

    /// <summary>
    /// Accepts "a.b.c.d/len", "x::/len" and a bare address (a host route). Host bits are cleared, so
    /// "10.1.2.3/16" normalises to "10.1.0.0/16": routers print both forms.
    /// </summary>
    public static bool TryParse(string? text, out IpPrefix prefix, [NotNullWhen(false)] out string? error)
    {
        prefix = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A prefix is required, for example 10.0.0.0/8 or 2001:db8::/32.";
            return false;
        }

        var trimmed = text.Trim();
        var slash = trimmed.IndexOf('/');
        var addressPart = slash < 0 ? trimmed : trimmed[..slash];
        if (!IPAddress.TryParse(addressPart, out var address) || addressPart.Contains('%')
            || (address.AddressFamily != AddressFamily.InterNetwork && address.AddressFamily != AddressFamily.InterNetworkV6)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressPart.Count(c => c == '.') != 3))
        {
            error = $"'{text}' is not a valid CIDR prefix (expected for example 10.0.0.0/8 or 2001:db8::/32).";
            return false;
        }

        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var length = max;
        if (slash >= 0)
        {
            var lengthText = trimmed[(slash + 1)..];
            if (!int.TryParse(lengthText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out length)
                || length < 0 || length > max)
            {
                error = $"'{text}' has an invalid prefix length (0-{max}).";
                return false;
            }
        }

        var value = FromAddress(address);
        prefix = new IpPrefix(address.AddressFamily, value & ~HostMask(max, length), length);
        error = null;
        return true;
    }

    /// <summary>True when <paramref name="other"/> lies inside this prefix (or equals it).</summary>
    public bool Contains(IpPrefix other) =>
        other.Family == Family && other.Length >= Length
        && (other._network & ~HostMask(MaxLength, Length)) == _network;

    public bool Contains(IPAddress address) => Contains(FromHost(address));

    public bool Overlaps(IpPrefix other) => Contains(other) || other.Contains(this);

    /// <summary>Every prefix that covers this one, from the /0 down to the prefix itself.</summary>
    public IEnumerable<IpPrefix> Supernets()
    {
        for (var len = 0; len <= Length; len++)
        {
            yield return new IpPrefix(Family, _network & ~HostMask(MaxLength, len), len);
        }
    }

    /// <summary>The prefix of <paramref name="length"/> bits that covers this one (no allocation: the hot path of covering lookups).</summary>
    public IpPrefix Supernet(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        return new IpPrefix(Family, _network & ~HostMask(MaxLength, length), length);
    }

    /// <summary>Rebuilds a prefix from stored network bytes (4 or 16, big-endian) and a length.</summary>
    public static IpPrefix FromNetwork(ReadOnlySpan<byte> network, int length)
    {
        if (network.Length is not (4 or 16))
        {
            throw new ArgumentException("A network address has 4 (IPv4) or 16 (IPv6) bytes.", nameof(network));
        }

        var max = network.Length * 8;
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, max);
        UInt128 value = 0;
        foreach (var b in network)
        {
            value = (value << 8) | b;
        }

        var family = network.Length == 4 ? AddressFamily.InterNetwork : AddressFamily.InterNetworkV6;
        return new IpPrefix(family, value & ~HostMask(max, length), length);
    }

    public static IpPrefix FromHost(IPAddress address)
    {
        var max = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        return new IpPrefix(address.AddressFamily, FromAddress(address), max);
    }

    public int CompareTo(IpPrefix other)
    {
        var byFamily = (IsIPv4 ? 0 : 1).CompareTo(other.IsIPv4 ? 0 : 1);
        if (byFamily != 0)
        {
            return byFamily;
        }

        var byNetwork = _network.CompareTo(other._network);
        return byNetwork != 0 ? byNetwork : Length.CompareTo(other.Length);
    }

    public override string ToString() => Family == default ? string.Empty : $"{Network}/{Length}";

    private static UInt128 HostMask(int max, int length) =>
        length >= max ? UInt128.Zero : (max == 32 ? (UInt128)(uint.MaxValue >> length) : UInt128.MaxValue >> length);

    private static UInt128 FromAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private IPAddress ToAddress(UInt128 value) => new(ToBytes(value));

    private byte[] ToBytes(UInt128 value)
    {
        var bytes = new byte[IsIPv4 ? 4 : 16];
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(value & 0xFF);
            value >>= 8;
        }

        return bytes;
    }
}

/// <summary>An <see cref="IpPrefix"/> travels as its CIDR text ("10.0.0.0/8") in every JSON document.</summary>
public sealed class IpPrefixJsonConverter : JsonConverter<IpPrefix>
{
    public override IpPrefix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A prefix is a CIDR string such as 10.0.0.0/8.");
        }

        return IpPrefix.TryParse(reader.GetString(), out var prefix, out var error) ? prefix : throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, IpPrefix value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
}
