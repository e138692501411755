namespace HybridRoutingPortal.Azure.Arm;

/// <summary>Microsoft's published lists of resource provider operations, where each RBAC action was checked.</summary>
public enum OperationList
{
    /// <summary>learn.microsoft.com/azure/role-based-access-control/permissions/management-and-governance (Microsoft.Resources, Microsoft.ResourceGraph).</summary>
    ManagementAndGovernance,

    /// <summary>learn.microsoft.com/azure/role-based-access-control/permissions/networking (Microsoft.Network).</summary>
    Networking,

    /// <summary>learn.microsoft.com/azure/role-based-access-control/permissions/compute (Microsoft.AVS).</summary>
    Compute,

    /// <summary>learn.microsoft.com/azure/role-based-access-control/permissions/monitor (Microsoft.Insights).</summary>
    Monitor,
}

/// <summary>
/// One ARM operation the collectors call: its method and path template (as ARM serves it, with
/// "{name}" for a variable segment), the operation id in the REST specs, and the RBAC action Azure
/// checks for it, exactly as Microsoft's published operation list spells it — never derived from the URL.
/// </summary>
public sealed record ArmOperation(string OperationId, string Method, string PathTemplate, string Action, OperationList Source)
{
    private readonly string[] _segments = PathTemplate.Trim('/').Split('/');

    /// <summary>The built-in Reader role grants "*/read", so every read action and nothing else.</summary>
    public bool ReaderAllows => Action.EndsWith("/read", StringComparison.OrdinalIgnoreCase);

    public bool Matches(string method, string path)
    {
        if (!method.Equals(Method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var segments = path.Split('?')[0].Trim('/').Split('/');
        if (segments.Length != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var template = _segments[i];
            if (template.StartsWith('{') ? segments[i].Length == 0 : !template.Equals(segments[i], StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// Every ARM operation the Azure source calls, mapped to its RBAC action. The shipped least-privilege
/// role (docs/hybrid-routing-reader.json) is exactly the set of these actions, and a test records every
/// request of a full discovery and poll against the emulator and checks each one maps to a row here.
/// New collectors (Azure Monitor metrics, NIC effective routes, route tables) add their rows here.
/// </summary>
public static class ArmOperations
{
    private const string Rg = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers";
    private const string Sub = "/subscriptions/{subscriptionId}/providers";

    public static readonly IReadOnlyList<ArmOperation> All =
    [
        // Discovery: where the resources are.
        new("Subscriptions_List", "GET", "/subscriptions", "Microsoft.Resources/subscriptions/read", OperationList.ManagementAndGovernance),
        new("ResourceGroups_List", "GET", "/subscriptions/{subscriptionId}/resourcegroups", "Microsoft.Resources/subscriptions/resourceGroups/read", OperationList.ManagementAndGovernance),
        new("Resources (Resource Graph query)", "POST", "/providers/Microsoft.ResourceGraph/resources", "Microsoft.ResourceGraph/resources/read", OperationList.ManagementAndGovernance),

        // Route Server (virtualHubs).
        new("VirtualHubs_List", "GET", $"{Sub}/Microsoft.Network/virtualHubs", "Microsoft.Network/virtualHubs/read", OperationList.Networking),
        new("VirtualHubs_Get", "GET", $"{Rg}/Microsoft.Network/virtualHubs/{{virtualHubName}}", "Microsoft.Network/virtualHubs/read", OperationList.Networking),
        new("VirtualHubBgpConnections_List", "GET", $"{Rg}/Microsoft.Network/virtualHubs/{{virtualHubName}}/bgpConnections", "Microsoft.Network/virtualHubs/bgpConnections/read", OperationList.Networking),
        new("VirtualHubIpConfiguration_List", "GET", $"{Rg}/Microsoft.Network/virtualHubs/{{virtualHubName}}/ipConfigurations", "Microsoft.Network/virtualHubs/ipConfigurations/read", OperationList.Networking),
        new("VirtualHubBgpConnections_ListLearnedRoutes", "POST", $"{Rg}/Microsoft.Network/virtualHubs/{{hubName}}/bgpConnections/{{connectionName}}/learnedRoutes", "Microsoft.Network/virtualHubs/bgpConnections/learnedRoutes/action", OperationList.Networking),
        new("VirtualHubBgpConnections_ListAdvertisedRoutes", "POST", $"{Rg}/Microsoft.Network/virtualHubs/{{hubName}}/bgpConnections/{{connectionName}}/advertisedRoutes", "Microsoft.Network/virtualHubs/bgpConnections/advertisedRoutes/action", OperationList.Networking),

        // ExpressRoute circuits: the route tables are reads (there is no routeTables/action).
        new("ExpressRouteCircuits_ListAll", "GET", $"{Sub}/Microsoft.Network/expressRouteCircuits", "Microsoft.Network/expressRouteCircuits/read", OperationList.Networking),
        new("ExpressRouteCircuits_Get", "GET", $"{Rg}/Microsoft.Network/expressRouteCircuits/{{circuitName}}", "Microsoft.Network/expressRouteCircuits/read", OperationList.Networking),
        new("ExpressRouteCircuitPeerings_List", "GET", $"{Rg}/Microsoft.Network/expressRouteCircuits/{{circuitName}}/peerings", "Microsoft.Network/expressRouteCircuits/peerings/read", OperationList.Networking),
        new("ExpressRouteCircuits_ListRoutesTable", "POST", $"{Rg}/Microsoft.Network/expressRouteCircuits/{{circuitName}}/peerings/{{peeringName}}/routeTables/{{devicePath}}", "Microsoft.Network/expressRouteCircuits/peerings/routeTables/read", OperationList.Networking),
        new("ExpressRouteCircuits_ListRoutesTableSummary", "POST", $"{Rg}/Microsoft.Network/expressRouteCircuits/{{circuitName}}/peerings/{{peeringName}}/routeTablesSummary/{{devicePath}}", "Microsoft.Network/expressRouteCircuits/peerings/routeTablesSummary/read", OperationList.Networking),

        // Virtual network gateways and their connections: ARM lists both per resource group only.
        new("VirtualNetworkGateways_List", "GET", $"{Rg}/Microsoft.Network/virtualNetworkGateways", "Microsoft.Network/virtualNetworkGateways/read", OperationList.Networking),
        new("VirtualNetworkGateways_Get", "GET", $"{Rg}/Microsoft.Network/virtualNetworkGateways/{{virtualNetworkGatewayName}}", "Microsoft.Network/virtualNetworkGateways/read", OperationList.Networking),
        new("VirtualNetworkGateways_GetLearnedRoutes", "POST", $"{Rg}/Microsoft.Network/virtualNetworkGateways/{{virtualNetworkGatewayName}}/getLearnedRoutes", "microsoft.network/virtualnetworkgateways/getlearnedroutes/action", OperationList.Networking),
        new("VirtualNetworkGateways_GetAdvertisedRoutes", "POST", $"{Rg}/Microsoft.Network/virtualNetworkGateways/{{virtualNetworkGatewayName}}/getAdvertisedRoutes", "microsoft.network/virtualnetworkgateways/getadvertisedroutes/action", OperationList.Networking),
        new("VirtualNetworkGateways_GetBgpPeerStatus", "POST", $"{Rg}/Microsoft.Network/virtualNetworkGateways/{{virtualNetworkGatewayName}}/getBgpPeerStatus", "microsoft.network/virtualnetworkgateways/getbgppeerstatus/action", OperationList.Networking),
        new("VirtualNetworkGatewayConnections_List", "GET", $"{Rg}/Microsoft.Network/connections", "Microsoft.Network/connections/read", OperationList.Networking),
        new("VirtualNetworkGatewayConnections_Get", "GET", $"{Rg}/Microsoft.Network/connections/{{virtualNetworkGatewayConnectionName}}", "Microsoft.Network/connections/read", OperationList.Networking),

        // Virtual networks (subnets and peerings come inside the VNet).
        new("VirtualNetworks_ListAll", "GET", $"{Sub}/Microsoft.Network/virtualNetworks", "Microsoft.Network/virtualNetworks/read", OperationList.Networking),
        new("VirtualNetworks_Get", "GET", $"{Rg}/Microsoft.Network/virtualNetworks/{{virtualNetworkName}}", "Microsoft.Network/virtualNetworks/read", OperationList.Networking),

        // The data plane: NICs (the watched ones' effective routes) and route tables (UDRs); peering flags come inside the VNet.
        new("NetworkInterfaces_ListAll", "GET", $"{Sub}/Microsoft.Network/networkInterfaces", "Microsoft.Network/networkInterfaces/read", OperationList.Networking),
        new("NetworkInterfaces_Get", "GET", $"{Rg}/Microsoft.Network/networkInterfaces/{{networkInterfaceName}}", "Microsoft.Network/networkInterfaces/read", OperationList.Networking),
        new("NetworkInterfaces_GetEffectiveRouteTable", "POST", $"{Rg}/Microsoft.Network/networkInterfaces/{{networkInterfaceName}}/effectiveRouteTable", "Microsoft.Network/networkInterfaces/effectiveRouteTable/action", OperationList.Networking),
        new("RouteTables_ListAll", "GET", $"{Sub}/Microsoft.Network/routeTables", "Microsoft.Network/routeTables/read", OperationList.Networking),
        new("RouteTables_Get", "GET", $"{Rg}/Microsoft.Network/routeTables/{{routeTableName}}", "Microsoft.Network/routeTables/read", OperationList.Networking),

        // The effective-route operation's Location (NetworkInterfaceEffectiveRouteTableList.json) is an operation result under the NIC;
        // reading the result of an async POST is the published locations/operationResults/read.
        new("Microsoft.Network async operation result (under the NIC)", "GET", $"{Rg}/Microsoft.Network/networkInterfaces/{{networkInterfaceName}}/operationResults/{{operationId}}", "Microsoft.Network/locations/operationResults/read", OperationList.Networking),

        // Polling the long-running POST actions above (Azure-AsyncOperation status, Location result).
        new("Microsoft.Network async operation status", "GET", $"{Sub}/Microsoft.Network/locations/{{location}}/operations/{{operationId}}", "Microsoft.Network/locations/operations/read", OperationList.Networking),
        new("Microsoft.Network async operation result", "GET", $"{Sub}/Microsoft.Network/locations/{{location}}/operationResults/{{operationId}}", "Microsoft.Network/locations/operationResults/read", OperationList.Networking),

        // Azure VMware Solution: segments have their own read; there is no workloadNetworks/read.
        new("PrivateClouds_ListInSubscription", "GET", $"{Sub}/Microsoft.AVS/privateClouds", "Microsoft.AVS/privateClouds/read", OperationList.Compute),
        new("PrivateClouds_Get", "GET", $"{Rg}/Microsoft.AVS/privateClouds/{{privateCloudName}}", "Microsoft.AVS/privateClouds/read", OperationList.Compute),
        new("WorkloadNetworks_ListSegments", "GET", $"{Rg}/Microsoft.AVS/privateClouds/{{privateCloudName}}/workloadNetworks/default/segments", "Microsoft.AVS/privateClouds/workloadNetworks/segments/read", OperationList.Compute),
        new("GlobalReachConnections_List", "GET", $"{Rg}/Microsoft.AVS/privateClouds/{{privateCloudName}}/globalReachConnections", "Microsoft.AVS/privateClouds/globalReachConnections/read", OperationList.Compute),

        // Azure Monitor metrics of the fast lane (Metrics_List on each resource); the same action covers the batch API.
        new("Metrics_List (Route Server)", "GET", $"{Rg}/Microsoft.Network/virtualHubs/{{virtualHubName}}/providers/Microsoft.Insights/metrics", "Microsoft.Insights/Metrics/Read", OperationList.Monitor),
        new("Metrics_List (ExpressRoute circuit)", "GET", $"{Rg}/Microsoft.Network/expressRouteCircuits/{{circuitName}}/providers/Microsoft.Insights/metrics", "Microsoft.Insights/Metrics/Read", OperationList.Monitor),
        new("Metrics_List (virtual network gateway)", "GET", $"{Rg}/Microsoft.Network/virtualNetworkGateways/{{virtualNetworkGatewayName}}/providers/Microsoft.Insights/metrics", "Microsoft.Insights/Metrics/Read", OperationList.Monitor),
    ];

    /// <summary>The least-privilege role: every action of the table, once, in table order.</summary>
    public static IReadOnlyList<string> RoleActions { get; } = All.Select(o => o.Action).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The actions the built-in Reader role does not grant (the POST actions named …/action).</summary>
    public static IReadOnlyList<string> BeyondReader { get; } = All.Where(o => !o.ReaderAllows).Select(o => o.Action).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The operation a request is, or null when the collectors should not be making it.</summary>
    public static ArmOperation? Find(string method, string path) => All.FirstOrDefault(o => o.Matches(method, path));
}
