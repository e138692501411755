namespace HybridRoutingPortal.Core;

/// <summary>
/// One route as a vantage point shows it. Several routes may share a prefix (ECMP, or the same prefix
/// from two peers); <see cref="Key"/> tells them apart, the remaining fields are its attributes.
/// A NIC's effective route (the data plane) also says how it forwards (<see cref="NextHopType"/>, ARM's open
/// string set) and whether Azure uses it (<see cref="State"/>); its source (Default, User, VirtualNetworkGateway)
/// is its <see cref="Origin"/> (<see cref="RouteOrigins"/>). Both are null for a BGP route.
/// </summary>
public sealed record Route(
    IpPrefix Prefix,
    string NextHop,
    AsPath AsPath,
    string Origin = "",
    long? Weight = null,
    long? LocalPreference = null,
    string? SourcePeer = null,
    string? LocalAddress = null,
    string? NextHopType = null,
    RouteState? State = null)
{
    /// <summary>
    /// What makes two routes "the same route": prefix, next hop, the peer it came from, and which of the vantage's
    /// own addresses holds it. A NIC lists the same prefix and next hop from a user route and from BGP (one of them
    /// Invalid), so an effective route's source and next-hop type are part of its identity too.
    /// </summary>
    public RouteKey Key => new(Prefix, NextHop, SourcePeer ?? string.Empty, LocalAddress ?? string.Empty,
        NextHopType is null ? string.Empty : Origin, NextHopType ?? string.Empty);

    public bool SameAttributes(Route other) =>
        AsPath == other.AsPath && Origin == other.Origin && Weight == other.Weight && LocalPreference == other.LocalPreference && State == other.State;

    /// <summary>True unless Azure marks this effective route Invalid (a BGP route is always in use where it is shown).</summary>
    public bool IsActive => State != RouteState.Invalid;

    /// <summary>
    /// A stable one-line form, used for hashing a route set and in exports. The data-plane fields are appended only
    /// when set, so a BGP route's form (and every stored content hash) is what it was before they existed.
    /// </summary>
    public string Canonical =>
        $"{Prefix}|{NextHop}|{SourcePeer}|{LocalAddress}|{AsPath}|{Origin}|{Weight}|{LocalPreference}"
        + (NextHopType is null && State is null ? string.Empty : $"|{NextHopType}|{State}");
}

/// <summary>
/// The identity of a route within a vantage point. <see cref="Source"/> and <see cref="NextHopType"/> are empty for a
/// BGP route, an effective route's source and next-hop type otherwise.
/// </summary>
public readonly record struct RouteKey(IpPrefix Prefix, string NextHop, string SourcePeer, string LocalAddress, string Source = "", string NextHopType = "");

/// <summary>Whether Azure uses an effective route (NetworkInterfaces_GetEffectiveRouteTable: EffectiveRouteState).</summary>
public enum RouteState
{
    Active,

    /// <summary>Listed but not used: overridden by a route of higher priority, or unusable (a next hop that cannot be reached).</summary>
    Invalid,
}
