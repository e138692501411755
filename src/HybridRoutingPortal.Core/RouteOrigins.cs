namespace HybridRoutingPortal.Core;

/// <summary>
/// The <see cref="Route.Origin"/> values sources write for routes that are not BGP routes but facts of
/// the estate (an AVS private cloud's definitions, a VNet's address space) or entries of a NIC's effective
/// route table (their source, as ARM spells it: EffectiveRouteSource). One vocabulary for every source.
/// </summary>
public static class RouteOrigins
{
    /// <summary>An AVS private cloud's /22 management network block.</summary>
    public const string AvsManagementBlock = "Management";

    /// <summary>An AVS NSX workload segment.</summary>
    public const string AvsSegment = "Segment";

    /// <summary>A VNet's own address space (and gateway-local routes).</summary>
    public const string Network = "Network";

    /// <summary>An effective route Azure creates itself (the VNet, its peerings, the Internet and None defaults).</summary>
    public const string SystemRoute = "Default";

    /// <summary>An effective route from a route table (a UDR), and a route table's own routes.</summary>
    public const string UserRoute = "User";

    /// <summary>An effective route learned over BGP: from the virtual network gateway or Route Server.</summary>
    public const string GatewayRoute = "VirtualNetworkGateway";

    /// <summary>Whether a route's origin is one of the effective-route sources (an unknown source string is kept as ARM sent it).</summary>
    public static bool IsEffectiveRouteSource(string origin) => origin is SystemRoute or UserRoute or GatewayRoute;
}

/// <summary>
/// ARM's next-hop types (RouteNextHopType, and the ones only effective routes show). The set is open: a value not
/// listed here is kept as ARM sent it, never rejected.
/// </summary>
public static class NextHopTypes
{
    public const string VnetLocal = "VnetLocal";
    public const string VNetPeering = "VNetPeering";
    public const string VirtualNetworkGateway = "VirtualNetworkGateway";
    public const string VirtualAppliance = "VirtualAppliance";
    public const string Internet = "Internet";
    public const string None = "None";

    /// <summary>A next hop that is an address of an appliance (a NIC with IP forwarding, a load balancer in front of NVAs).</summary>
    public static bool IsAppliance(string? type) =>
        type is not null && type.StartsWith(VirtualAppliance, StringComparison.OrdinalIgnoreCase);

    public static bool Is(string? type, string known) => string.Equals(type, known, StringComparison.OrdinalIgnoreCase);
}
