namespace HybridRoutingPortal.Core;

/// <summary>
/// One route as a vantage point shows it. Several routes may share a prefix (ECMP, or the same prefix
/// from two peers); <see cref="Key"/> tells them apart, the remaining fields are its attributes.
/// </summary>
public sealed record Route(
    IpPrefix Prefix,
    string NextHop,
    AsPath AsPath,
    string Origin = "",
    long? Weight = null,
    long? LocalPreference = null,
    string? SourcePeer = null,
    string? LocalAddress = null)
{
    /// <summary>What makes two routes "the same route": prefix, next hop, the peer it came from, and
    /// which of the vantage's own addresses holds it.</summary>
    public RouteKey Key => new(Prefix, NextHop, SourcePeer ?? string.Empty, LocalAddress ?? string.Empty);

    public bool SameAttributes(Route other) =>
        AsPath == other.AsPath && Origin == other.Origin && Weight == other.Weight && LocalPreference == other.LocalPreference;

    /// <summary>A stable one-line form, used for hashing a route set and in exports.</summary>
    public string Canonical =>
        $"{Prefix}|{NextHop}|{SourcePeer}|{LocalAddress}|{AsPath}|{Origin}|{Weight}|{LocalPreference}";
}

public readonly record struct RouteKey(IpPrefix Prefix, string NextHop, string SourcePeer, string LocalAddress);
