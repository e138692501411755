namespace HybridRoutingPortal.Core;

/// <summary>
/// The vantage point ids of DESIGN.md §1, built from ARM resource ids the same way by every source, so
/// the demo, the Azure collectors and an emulated estate name the same place the same way.
/// </summary>
public static class StandardVantages
{
    public static string RouteServer(string bgpConnectionId, bool learned, string instance) =>
        VantageId.Create(bgpConnectionId, learned ? "learned" : "advertised", instance);

    public static string CircuitTable(string privatePeeringId, string devicePath) => VantageId.Create(privatePeeringId, "routetable", devicePath);

    public static string GatewayLearned(string gatewayId) => VantageId.Create(gatewayId, "learned");

    public static string GatewayAdvertised(string gatewayId, string peer) => VantageId.Create(gatewayId, "advertised", peer);

    public static string AvsSegments(string privateCloudId) => VantageId.Create(privateCloudId, "segments");

    public static string VnetAddressSpace(string vnetId) => VantageId.Create(vnetId, "addressspace");

    public static string NicEffectiveRoutes(string networkInterfaceId) => VantageId.Create(networkInterfaceId, "effectiveroutes");

    public static string RouteTable(string routeTableId) => VantageId.Create(routeTableId, "routes");

    /// <summary>Topology node of an ARM resource: its lower-cased id.</summary>
    public static string Node(string resourceId) => VantageId.Create(resourceId);

    public static string NvaNode(string peerIp) => "nva/" + peerIp;

    public static string OnPremNode(long asn) => "onprem/as" + asn;
}
