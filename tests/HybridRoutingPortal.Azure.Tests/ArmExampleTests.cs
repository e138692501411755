using System.Text.Json;
using System.Text.Json.Nodes;
using HybridRoutingPortal.Azure.Arm;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>Every official example the collectors read parses into the typed DTOs (../shared/arm-examples).</summary>
public class ArmExampleTests
{
    /// <summary>
    /// The examples travel with the tests (arm-examples/, copied unchanged from shared/), so a clone anywhere
    /// can run them; when shared/ sits beside the repository, <see cref="The_copied_examples_match_shared"/> keeps the copy honest.
    /// </summary>
    private static string Examples() => Path.Combine(RepoRoot(), "tests", "HybridRoutingPortal.Azure.Tests", "arm-examples");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    [Fact]
    public void The_copied_examples_match_shared()
    {
        var shared = Path.Combine(Directory.GetParent(RepoRoot())!.FullName, "shared", "arm-examples");
        var copies = Directory.GetFiles(Examples(), "*.json", SearchOption.AllDirectories);
        Assert.NotEmpty(copies);
        if (!Directory.Exists(shared))
        {
            return; // a clone without shared/ beside it: the copy is all there is
        }

        foreach (var original in Directory.GetFiles(shared, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(Examples(), Path.GetRelativePath(shared, original));
            Assert.True(File.Exists(copy), $"missing copy of {original}");
            Assert.Equal(File.ReadAllText(original), File.ReadAllText(copy));
        }
    }

    private static T Body<T>(string file)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Examples(), file)))!;
        var body = json["responses"]!["200"]!["body"]!;
        return body.Deserialize<T>(ArmJson.Options)!;
    }

    [Fact]
    public void Route_server_examples_parse()
    {
        var hub = Body<ArmResource<VirtualHubProperties>>("route-server/VirtualHubGet.json");
        Assert.Equal(["10.10.1.12", "10.10.1.13"], hub.Properties!.VirtualRouterIps);
        Assert.Equal(65515, hub.Properties.VirtualRouterAsn);
        Assert.NotNull(hub.Properties.VirtualWan);
        Assert.Equal(2, Body<ArmList<ArmResource<VirtualHubProperties>>>("route-server/VirtualHubList.json").Value.Count);
        Assert.NotEmpty(Body<ArmList<ArmResource<VirtualHubProperties>>>("route-server/VirtualHubListByResourceGroup.json").Value);

        var connection = Body<ArmList<ArmResource<BgpConnectionProperties>>>("route-server/VirtualHubBgpConnectionList.json").Value.Single();
        Assert.Equal(("192.168.1.5", 20000L, "Connected"), (connection.Properties!.PeerIp, connection.Properties.PeerAsn!.Value, connection.Properties.ConnectionState!));
        Assert.Equal("192.168.1.5", Body<ArmResource<BgpConnectionProperties>>("route-server/VirtualHubBgpConnectionGet.json").Properties!.PeerIp);

        foreach (var file in new[] { "route-server/VirtualRouterPeerListLearnedRoute.json", "route-server/VirtualRouterPeerListAdvertisedRoute.json" })
        {
            var routes = Body<Dictionary<string, List<PeerRoute>>>(file);
            Assert.Equal(["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"], routes.Keys.Order());
            Assert.All(routes.Values.SelectMany(r => r), r => Assert.Contains('/', r.Network!));
        }
    }

    [Fact]
    public void Expressroute_examples_parse()
    {
        var circuit = Body<ExpressRouteCircuit>("expressroute/ExpressRouteCircuitGet.json");
        Assert.Equal(("Standard", 200L), (circuit.Sku!.Tier!, circuit.Properties!.ServiceProviderProperties!.BandwidthInMbps!.Value));

        // expressRouteConnection is "" in one item and an object in the other: neither breaks the list.
        var peerings = Body<ArmList<ArmResource<PeeringProperties>>>("expressroute/ExpressRouteCircuitPeeringList.json").Value;
        Assert.Equal(["MicrosoftPeering", "AzurePrivatePeering"], peerings.Select(p => p.Properties!.PeeringType!));
        Assert.Equal(100, Body<ArmResource<PeeringProperties>>("expressroute/ExpressRouteCircuitPeeringGet.json").Properties!.PeerASN);

        Assert.Single(Body<ArmList<CircuitRoute>>("expressroute/ExpressRouteCircuitRouteTableList.json").Value);
        var summary = Body<ArmList<CircuitRouteSummary>>("expressroute/ExpressRouteCircuitRouteTableSummaryList.json").Value.Single();
        Assert.Equal(("100.65.171.1", 9583L, "Idle"), (summary.Neighbor, summary.As!.Value, summary.StatePfxRcd!));
    }

    [Fact]
    public void The_route_table_example_whose_only_row_has_no_network_is_refused_as_malformed_not_read_as_no_routes()
    {
        var rows = Body<ArmList<CircuitRoute>>("expressroute/ExpressRouteCircuitRouteTableList.json").Value;
        var error = Assert.Throws<HybridRoutingPortal.Core.CollectionException>(() => Collectors.RouteMapping.FromCircuitRoutes(rows, "test"));
        Assert.Equal(HybridRoutingPortal.Core.FailureReason.MalformedResponse, error.Reason);
        Assert.Contains("no network", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gateway_and_vnet_examples_parse()
    {
        var gateway = Body<ArmResource<VirtualNetworkGatewayProperties>>("vnet-gateway/VirtualNetworkGatewayGet.json");
        Assert.NotNull(gateway.Properties!.GatewayType);
        Assert.NotEmpty(gateway.Properties.IpConfigurations!);

        var vnet = Body<ArmResource<VirtualNetworkProperties>>("vnet/VirtualNetworkGet.json");
        Assert.NotEmpty(vnet.Properties!.AddressSpace!.AddressPrefixes!);
        var peering = Body<ArmList<ArmResource<VnetPeeringProperties>>>("vnet/VirtualNetworkPeeringList.json").Value[0];
        Assert.NotNull(peering.Properties!.RemoteVirtualNetwork!.Id);

        // The official gateway action examples have empty result bodies: "{}" is an empty answer.
        foreach (var file in new[] { "vnet-gateway/VirtualNetworkGatewayLearnedRoutes.json", "vnet-gateway/VirtualNetworkGatewayGetAdvertisedRoutes.json", "vnet-gateway/VirtualNetworkGatewayGetBGPPeerStatus.json" })
        {
            Assert.NotNull(Body<JsonObject>(file));
        }
    }

    [Fact]
    public void Avs_examples_parse()
    {
        var cloud = Body<PrivateCloud>("avs/PrivateClouds_Get.json");
        Assert.Contains('/', cloud.Properties.NetworkBlock);
        Assert.NotNull(cloud.Properties.Circuit?.ExpressRouteID);
        Assert.NotEmpty(Body<ArmList<PrivateCloud>>("avs/PrivateClouds_List.json").Value);

        var segment = Body<ArmList<ArmResource<SegmentProperties>>>("avs/WorkloadNetworks_ListSegments.json").Value[0];
        Assert.Equal("40.20.20.20/16", segment.Properties!.Subnet!.GatewayAddress);
        Assert.Equal("segment1", Body<ArmResource<SegmentProperties>>("avs/WorkloadNetworks_GetSegment.json").Properties!.DisplayName);

        var reach = Body<ArmList<ArmResource<GlobalReachConnectionProperties>>>("avs/GlobalReachConnections_List.json").Value[0];
        Assert.NotNull(reach.Properties!.PeerExpressRouteCircuit);
        Assert.NotNull(Body<ArmResource<GlobalReachConnectionProperties>>("avs/GlobalReachConnections_Get.json").Properties);
        Assert.NotEmpty(Body<ArmList<ArmResource<AvsAuthorizationProperties>>>("avs/Authorizations_List.json").Value);
    }

    [Fact]
    public void A_response_missing_a_required_field_is_a_json_error()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BgpConnectionProperties>("""{"peerAsn":65001}""", ArmJson.Options));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ArmList<ArmResource<JsonElement>>>("""{"nextLink":null}""", ArmJson.Options));
        var tolerant = JsonSerializer.Deserialize<PeerRoute>("""{"network":"10.0.0.0/8","futureField":{"x":1},"weight":"32768"}""", ArmJson.Options)!;
        Assert.Equal(32768, tolerant.Weight);
    }
}
