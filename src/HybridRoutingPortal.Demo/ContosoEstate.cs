using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// The Contoso estate of DESIGN.md §1: its IP plan, ASNs and resource ids. Everything the demo shows
/// is derived from these facts by <see cref="RoutePropagation"/>, never typed in per vantage point.
/// </summary>
public static class ContosoEstate
{
    public const string SubscriptionId = "6f1c2a3b-0d4e-4f5a-9b8c-7d6e5f4a3b2c";
    public const string HubGroup = "/subscriptions/" + SubscriptionId + "/resourceGroups/rg-contoso-hub-weu";
    public const string ConnectivityGroup = "/subscriptions/" + SubscriptionId + "/resourceGroups/rg-contoso-connectivity-weu";
    public const string AvsGroup = "/subscriptions/" + SubscriptionId + "/resourceGroups/rg-contoso-avs-weu";

    // ASNs. Route Server and the ExpressRoute gateway speak as AzureAsns.Azure; the Microsoft edge as AzureAsns.MicrosoftEdge.
    public const long OnPremAsn = 65001;
    public const long NvaAsn = 65010;
    public const long AzureAsn = AzureAsns.Azure;
    public const long MicrosoftEdgeAsn = AzureAsns.MicrosoftEdge;

    /// <summary>
    /// The NSX-T Tier-0 of the private cloud. AVS uses 4-byte ASNs; the demo picks one from the private
    /// 4-byte range (RFC 6996).
    /// </summary>
    public const long AvsAsn = 4200000100;

    // On-prem: customer edge addresses on the /30s of the private peering.
    public const string CePrimary = "192.168.255.1";
    public const string CeSecondary = "192.168.255.5";

    // Hub: the ExpressRoute gateway's two instances, the MSEE peers it sees, Route Server and the NVA.
    public static readonly string[] GatewayInstances = ["10.100.0.4", "10.100.0.5"];
    public static readonly string[] OnPremMsee = ["10.100.0.12", "10.100.0.13"];
    public static readonly string[] AvsMsee = ["10.100.0.14", "10.100.0.15"];
    public static readonly string[] RouteServerIps = ["10.100.1.4", "10.100.1.5"];
    public static readonly string[] RouteServerInstances = ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"];
    public const string NvaIp = "10.100.2.4";

    public static readonly IpPrefix HubSpace = IpPrefix.Parse("10.100.0.0/22");
    public static readonly IpPrefix HubSpaceV6 = IpPrefix.Parse("2001:db8:a00::/48");
    public static readonly IpPrefix SpokeAppSpace = IpPrefix.Parse("10.101.0.0/20");
    public static readonly IpPrefix SpokeDataSpace = IpPrefix.Parse("10.102.0.0/20");

    /// <summary>On-prem prefixes the customer edge advertises into the private peering.</summary>
    public static readonly IReadOnlyList<(IpPrefix Prefix, string Site)> OnPremPrefixes =
    [
        (IpPrefix.Parse("10.10.0.0/16"), "Amsterdam DC"),
        (IpPrefix.Parse("10.20.0.0/16"), "Rotterdam DC"),
        (IpPrefix.Parse("10.30.0.0/20"), "Utrecht branch"),
        (IpPrefix.Parse("172.16.0.0/20"), "DMZ"),
        (IpPrefix.Parse("192.168.50.0/24"), "Lab"),
        (IpPrefix.Parse("2001:db8:100::/48"), "Amsterdam DC (IPv6)"),
    ];

    public static readonly IpPrefix BranchPrefix = IpPrefix.Parse("10.30.0.0/20");
    public static readonly IpPrefix LabPrefix = IpPrefix.Parse("192.168.50.0/24");

    /// <summary>The private cloud's /22 management block (vCenter, NSX, HCX, vMotion…).</summary>
    public static readonly IpPrefix AvsManagementBlock = IpPrefix.Parse("10.200.0.0/22");

    public static readonly IReadOnlyList<AvsSegment> AvsSegments =
    [
        new("seg-web", "Web tier", IpPrefix.Parse("10.201.10.0/24")),
        new("seg-app", "App tier", IpPrefix.Parse("10.201.20.0/24")),
        new("seg-db", "Database tier", IpPrefix.Parse("10.201.30.0/24")),
    ];

    /// <summary>The segment the scenario adds: outside the NVA's AVS summary, so on-prem cannot reach it
    /// until the NVA advertises a new summary.</summary>
    public static readonly AvsSegment NewSegment = new("seg-vdi", "VDI", IpPrefix.Parse("10.202.40.0/24"));

    /// <summary>Summaries the NVA originates (it cannot re-advertise what it learned through Route Server:
    /// those paths hold 65515 and Route Server would drop them), so each side reaches the other via the NVA.</summary>
    public static readonly IReadOnlyList<IpPrefix> NvaSummaries =
    [
        IpPrefix.Parse("10.0.0.0/11"),      // on-prem 10.0-10.31, toward AVS
        IpPrefix.Parse("172.16.0.0/12"),    // on-prem DMZ
        IpPrefix.Parse("192.168.0.0/16"),   // on-prem lab and legacy
        IpPrefix.Parse("10.200.0.0/15"),    // AVS management and segments 10.200-10.201, toward on-prem
    ];

    public static readonly IpPrefix NvaVdiSummary = IpPrefix.Parse("10.202.0.0/16");

    public static readonly IpPrefix DefaultRoute = IpPrefix.Parse("0.0.0.0/0");

    // Resource ids.
    public const string HubVnetId = HubGroup + "/providers/Microsoft.Network/virtualNetworks/vnet-hub-weu";
    public const string SpokeAppVnetId = HubGroup + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke-app-weu";
    public const string SpokeDataVnetId = HubGroup + "/providers/Microsoft.Network/virtualNetworks/vnet-spoke-data-weu";
    public const string RouteServerId = HubGroup + "/providers/Microsoft.Network/virtualHubs/rs-hub-weu";
    public const string NvaConnectionName = "bgp-nva-fw01";
    public const string NvaConnectionId = RouteServerId + "/bgpConnections/" + NvaConnectionName;
    public const string GatewayId = HubGroup + "/providers/Microsoft.Network/virtualNetworkGateways/ergw-hub-weu";
    public const string CircuitName = "er-contoso-ams";
    public const string CircuitId = ConnectivityGroup + "/providers/Microsoft.Network/expressRouteCircuits/" + CircuitName;
    public const string PrivatePeeringId = CircuitId + "/peerings/AzurePrivatePeering";
    public const string PrivateCloudId = AvsGroup + "/providers/Microsoft.AVS/privateClouds/avs-contoso-weu";

    /// <summary>The AVS-managed circuit lives in a Microsoft subscription; only its id is visible.</summary>
    public const string AvsCircuitId = "/subscriptions/0a1b2c3d-4a5b-4e5f-8a9b-000000000000/resourceGroups/tnt42-cust-p01-westeurope/providers/Microsoft.Network/expressRouteCircuits/tnt42-cust-p01-westeurope-er";

    // The data plane: the NICs whose effective routes are watched and the route tables of their subnets.
    public const string NvaVmId = HubGroup + "/providers/Microsoft.Compute/virtualMachines/vm-fw01";
    public const string ProbeAppVmId = HubGroup + "/providers/Microsoft.Compute/virtualMachines/vm-probe-app";
    public const string ProbeDataVmId = HubGroup + "/providers/Microsoft.Compute/virtualMachines/vm-probe-data";
    public const string NvaUntrustIp = "10.100.2.36";
    public const string ProbeAppIp = "10.101.0.4";
    public const string ProbeDataIp = "10.102.0.4";
    public const string NvaRouteTableId = HubGroup + "/providers/Microsoft.Network/routeTables/rt-nva-weu";
    public const string SpokeAppRouteTableId = HubGroup + "/providers/Microsoft.Network/routeTables/rt-spoke-app-weu";
    public const string SpokeDataRouteTableId = HubGroup + "/providers/Microsoft.Network/routeTables/rt-spoke-data-weu";

    /// <summary>The tag that marks a NIC to watch (a probe VM's), DESIGN.md §1.</summary>
    public const string WatchTag = "hybrid-routing-watch";

    /// <summary>
    /// The watched NICs: the NVA's two (found by its BGP peer address, every NIC of its VM) and a probe VM in each spoke
    /// (tagged <see cref="WatchTag"/>).
    /// </summary>
    public static readonly IReadOnlyList<WatchedNic> Nics =
    [
        new(HubGroup + "/providers/Microsoft.Network/networkInterfaces/vm-fw01-nic-trust", "vm-fw01-nic-trust", NvaVmId, HubVnetId + "/subnets/snet-nva", NvaIp, Tagged: false),
        new(HubGroup + "/providers/Microsoft.Network/networkInterfaces/vm-fw01-nic-untrust", "vm-fw01-nic-untrust", NvaVmId, HubVnetId + "/subnets/snet-nva-untrust", NvaUntrustIp, Tagged: false),
        new(HubGroup + "/providers/Microsoft.Network/networkInterfaces/vm-probe-app-nic", "vm-probe-app-nic", ProbeAppVmId, SpokeAppVnetId + "/subnets/snet-workload", ProbeAppIp, Tagged: true),
        new(HubGroup + "/providers/Microsoft.Network/networkInterfaces/vm-probe-data-nic", "vm-probe-data-nic", ProbeDataVmId, SpokeDataVnetId + "/subnets/snet-workload", ProbeDataIp, Tagged: true),
    ];

    public static WatchedNic ProbeAppNic => Nics[2];

    public static WatchedNic ProbeDataNic => Nics[3];

    /// <summary>
    /// The route tables and their user routes. The NVA's subnets send the Internet out directly (Route Server would otherwise
    /// program the NVA's own default route back into it); spoke-app sends AVS traffic through the NVA; spoke-to-spoke goes
    /// through the NVA both ways.
    /// </summary>
    public static readonly IReadOnlyList<DemoRouteTable> RouteTables =
    [
        new(NvaRouteTableId, "rt-nva-weu", [HubVnetId + "/subnets/snet-nva", HubVnetId + "/subnets/snet-nva-untrust"],
            [new("internet-out", DefaultRoute, NextHopTypes.Internet, null)]),
        new(SpokeAppRouteTableId, "rt-spoke-app-weu", [SpokeAppVnetId + "/subnets/snet-workload"],
            [
                new("avs-management", AvsManagementBlock, NextHopTypes.VirtualAppliance, NvaIp),
                .. AvsSegments.Select(s => new UserRoute("avs-" + s.Name, s.Subnet, NextHopTypes.VirtualAppliance, NvaIp)),
                new("to-spoke-data", SpokeDataSpace, NextHopTypes.VirtualAppliance, NvaIp),
            ]),
        new(SpokeDataRouteTableId, "rt-spoke-data-weu", [SpokeDataVnetId + "/subnets/snet-workload"],
            [new("to-spoke-app", SpokeAppSpace, NextHopTypes.VirtualAppliance, NvaIp)]),
    ];

    // Topology node ids: lower-cased resource ids where ARM has the resource.
    public static readonly string OnPremNode = StandardVantages.OnPremNode(OnPremAsn);
    public static readonly string NvaNode = StandardVantages.NvaNode(NvaIp);
    public static string Node(string resourceId) => StandardVantages.Node(resourceId);
    public static string SegmentId(AvsSegment s) => PrivateCloudId + "/workloadNetworks/default/segments/" + s.Name;
}

public sealed record AvsSegment(string Name, string DisplayName, IpPrefix Subnet);

/// <summary>A NIC whose effective routes are watched: its VM, subnet and private address, and whether it carries the watch tag.</summary>
public sealed record WatchedNic(string Id, string Name, string VmId, string SubnetId, string Address, bool Tagged);

/// <summary>A route table, the subnets it is attached to and its user routes.</summary>
public sealed record DemoRouteTable(string Id, string Name, IReadOnlyList<string> Subnets, IReadOnlyList<UserRoute> Routes);

/// <summary>One user-defined route: where it sends a prefix (an appliance's address for VirtualAppliance).</summary>
public sealed record UserRoute(string Name, IpPrefix Prefix, string NextHopType, string? NextHop);
