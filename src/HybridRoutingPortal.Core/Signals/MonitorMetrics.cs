namespace HybridRoutingPortal.Core.Signals;

/// <summary>
/// The Azure Monitor platform metrics the fast lane reads (DESIGN.md §1; learn.microsoft.com "Supported metrics for
/// Microsoft.Network/virtualHubs", "…/expressRouteCircuits", "…/virtualNetworkGateways"): names, the aggregation each
/// supports, dimensions and finest grain. Every source names them the same way, so series ids agree.
/// </summary>
public static class MonitorMetrics
{
    // Route Server (Microsoft.Network/virtualHubs): Maximum only; routeserviceinstance, bgppeerip, bgppeertype; PT1M and up.
    public const string BgpPeerStatus = "BgpPeerStatus";
    public const string RoutesLearnedFromPeer = "CountOfRoutesLearnedFromPeer";
    public const string RoutesAdvertisedToPeer = "CountOfRoutesAdvertisedToPeer";
    public const string RouteServerInstance = "routeserviceinstance";
    public const string BgpPeerIp = "bgppeerip";
    public const string BgpPeerType = "bgppeertype";

    // ExpressRoute circuit: Average (a percentage); PeeringType, Peer; PT1M only.
    public const string BgpAvailability = "BgpAvailability";
    public const string ArpAvailability = "ArpAvailability";
    public const string PeeringType = "PeeringType";
    public const string Peer = "Peer";

    // ExpressRoute gateway (Microsoft.Network/virtualNetworkGateways): Maximum; roleInstance, BgpPeerAddress; PT5M and up.
    public const string GatewayRoutesLearned = "ExpressRouteGatewayCountOfRoutesLearnedFromPeer";
    public const string GatewayRoutesAdvertised = "ExpressRouteGatewayCountOfRoutesAdvertisedToPeer";
    public const string RoleInstance = "roleInstance";
    public const string BgpPeerAddress = "BgpPeerAddress";

    public static readonly TimeSpan RouteServerGrain = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan CircuitGrain = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan GatewayGrain = TimeSpan.FromMinutes(5);

    /// <summary>A series id: the resource, the metric and the lane's dimension values, lower-cased (stable across restarts).</summary>
    public static string SeriesId(string resourceId, string metric, params string[] lane) =>
        string.Join('|', new[] { resourceId.Trim().TrimEnd('/'), metric }.Concat(lane)).ToLowerInvariant();

    /// <summary>
    /// The instance a Route Server metric's routeserviceinstance value names ("IN_0", or ARM's "RouteServiceRole_IN_0"
    /// as the route answers key it): the "IN_n" part, so both spellings meet.
    /// </summary>
    public static string InstanceKey(string instance)
    {
        var i = instance.LastIndexOf("IN_", StringComparison.OrdinalIgnoreCase);
        return (i < 0 ? instance : instance[i..]).ToUpperInvariant();
    }

    /// <summary>Which circuit path a BgpAvailability "Peer" value names (its values start "Primary"/"Secondary"), or null.</summary>
    public static CircuitPath? PathOfPeer(string peer) =>
        peer.StartsWith("primary", StringComparison.OrdinalIgnoreCase) ? CircuitPath.Primary
        : peer.StartsWith("secondary", StringComparison.OrdinalIgnoreCase) ? CircuitPath.Secondary
        : null;

    /// <summary>Whether a "PeeringType" value is the private peering (the one the portal watches).</summary>
    public static bool IsPrivatePeering(string peeringType) => peeringType.Contains("private", StringComparison.OrdinalIgnoreCase);
}
