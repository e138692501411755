using ArmEmulator;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>The real collectors read an estate served in ARM's shapes, whatever it is called and however ARM pages or polls.</summary>
public class CollectorTests
{
    [Fact]
    public async Task Every_vantage_point_of_the_contoso_estate_comes_out_with_the_right_routes()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.PageSize = 2);
        var (plan, observations) = await azure.CollectAsync();
        azure.AssertEveryVantageRight(observations);

        // The vantage points are the demo's, id for id: the UI and API show the same estate either way.
        Assert.Equal(RoutePropagation.VantagePoints().Select(v => v.Id).Order(), plan.VantagePoints.Select(v => v.Id).Order());
        Assert.Contains(azure.Server.Requests, r => r.Contains("skipToken", StringComparison.Ordinal));
    }

    public static TheoryData<LroStyle, bool> Styles() => new()
    {
        { LroStyle.Location, true },
        { LroStyle.AsyncOperation, true },
        { LroStyle.Location, false },
        { LroStyle.AsyncOperation, false },
    };

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task Any_estate_in_arm_shapes_comes_out_right_whatever_its_names_subscriptions_paging_or_operation_style(LroStyle style, bool resourceGraph)
    {
        var naming = EmulatedAzure.MultiSubscription;
        await using var azure = await EmulatedAzure.StartAsync(naming, s =>
        {
            s.LroStyle = style;
            s.PageSize = 3;
            s.PollsBeforeDone = 2;
        }, o => o.UseResourceGraph = resourceGraph);

        var (plan, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        Assert.Contains(plan.VantagePoints, v => v.Name.Contains("circuit-dub-1", StringComparison.Ordinal));
        Assert.Equal(resourceGraph, azure.Server.Requests.Any(r => r.Contains("ResourceGraph", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Topology_links_come_from_arm_references()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var (plan, _) = await azure.CollectAsync();
        var t = plan.Topology;
        var n = StandardVantages.Node;
        var c = ContosoEstate.CircuitId;

        Assert.Contains(t.Links, l => l.Kind == LinkKind.ExpressRouteConnection && l.From == n(c) && l.To == n(ContosoEstate.GatewayId));
        Assert.Contains(t.Links, l => l.Kind == LinkKind.ExpressRouteConnection && l.From == n(ContosoEstate.AvsCircuitId));
        Assert.Contains(t.Links, l => l.Kind == LinkKind.Contains && l.From == n(ContosoEstate.PrivateCloudId) && l.To == n(ContosoEstate.AvsCircuitId));
        Assert.Equal(2, t.Links.Count(l => l.Kind == LinkKind.VnetPeering));
        Assert.Contains(t.Links, l => l.Kind == LinkKind.Contains && l.From == n(ContosoEstate.HubVnetId) && l.To == n(ContosoEstate.RouteServerId));
        Assert.Contains(t.Links, l => l.Kind == LinkKind.BgpSession && l.To == ContosoEstate.NvaNode && l.State == BgpState.Connected);
        Assert.Contains(t.Links, l => l.Kind == LinkKind.BgpSession && l.From == ContosoEstate.OnPremNode && l.State == BgpState.Connected);
        Assert.Contains(t.Nodes, x => x.Kind == NodeKind.HubVnet && x.Id == n(ContosoEstate.HubVnetId));
        Assert.Equal(2, t.Nodes.Count(x => x.Kind == NodeKind.SpokeVnet));
        Assert.Equal(3, t.Nodes.Count(x => x.Kind == NodeKind.AvsSegment));
    }

    [Fact]
    public async Task A_secondary_session_down_shows_in_the_topology_and_the_routes()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        azure.State = new DemoScenario(EmulatedAzure.Epoch).At(EmulatedAzure.Epoch + TimeSpan.FromHours(2.2));
        var (plan, observations) = await azure.CollectAsync();
        azure.AssertEveryVantageRight(observations);
        Assert.Contains(plan.Topology.Links, l => l.Id.EndsWith("/secondary", StringComparison.Ordinal) && l.State == BgpState.Idle);
    }

    [Fact]
    public async Task A_passive_peer_answering_nothing_is_a_valid_empty_answer()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        azure.Server.Estate.Action(ContosoEstate.NvaConnectionId, "learnedRoutes", _ => new System.Text.Json.Nodes.JsonObject());
        var (_, observations) = await azure.CollectAsync();
        for (var i = 0; i < 2; i++)
        {
            var learned = observations[RoutePropagation.Vantages.RouteServerLearned(i)];
            Assert.Equal(ObservationStatus.Ok, learned.Status);
            Assert.Empty(learned.Routes);
        }
    }

    [Fact]
    public async Task A_new_segment_is_discovered_in_the_next_cycle()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        await azure.CollectAsync();
        azure.State = new DemoScenario(EmulatedAzure.Epoch).At(EmulatedAzure.Epoch + TimeSpan.FromHours(23.5));
        ContosoArmEstate.SyncSegments(azure.Server.Estate, azure.Naming, azure.State);
        var (_, observations) = await azure.CollectAsync();
        Assert.Contains(observations[RoutePropagation.Vantages.AvsSegments].Routes, r => r.Prefix == ContosoEstate.NewSegment.Subnet);
        azure.AssertEveryVantageRight(observations);
    }
}

/// <summary>Counts and IP plans the collectors have never seen: a second NVA peer and another VNet, added to the served estate.</summary>
public class UnfamiliarEstateTests
{
    [Fact]
    public async Task Extra_peers_and_vnets_with_another_ip_plan_come_out_right()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var estate = azure.Server.Estate;
        var connection = ContosoEstate.RouteServerId + "/bgpConnections/bgp-sdwan-hub";
        estate.Add(connection, "Microsoft.Network/virtualHubs/bgpConnections", new System.Text.Json.Nodes.JsonObject
        {
            ["peerIp"] = "172.31.254.10", ["peerAsn"] = 64900, ["connectionState"] = "Connected",
        });
        estate.Action(connection, "learnedRoutes", _ => System.Text.Json.Nodes.JsonNode.Parse("""
            { "RouteServiceRole_IN_0": [ { "localAddress": "10.100.1.4", "network": "172.30.0.0/15", "nextHop": "172.31.254.10", "sourcePeer": "172.31.254.10", "origin": "EBgp", "asPath": "64900-64901", "weight": 32768 } ],
              "RouteServiceRole_IN_1": [ { "localAddress": "10.100.1.5", "network": "fd00:172::/48", "nextHop": "172.31.254.10", "sourcePeer": "172.31.254.10", "origin": "EBgp", "asPath": "64900", "weight": 32768 } ] }
            """));
        estate.Action(connection, "advertisedRoutes", _ => new System.Text.Json.Nodes.JsonObject());
        var vnet = $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/virtualNetworks/vnet-lab";
        estate.Add(vnet, "Microsoft.Network/virtualNetworks", new System.Text.Json.Nodes.JsonObject
        {
            ["addressSpace"] = new System.Text.Json.Nodes.JsonObject { ["addressPrefixes"] = new System.Text.Json.Nodes.JsonArray("192.0.2.0/24", "198.51.100.0/24") },
        });

        var (plan, observations) = await azure.CollectAsync();

        var learned0 = observations[StandardVantages.RouteServer(connection, true, "RouteServiceRole_IN_0")];
        Assert.Equal(["172.30.0.0/15"], learned0.Routes.Select(r => r.Prefix.ToString()));
        Assert.Equal([64900L, 64901L], learned0.Routes[0].AsPath.Asns);
        Assert.Equal(["fd00:172::/48"], observations[StandardVantages.RouteServer(connection, true, "RouteServiceRole_IN_1")].Routes.Select(r => r.Prefix.ToString()));
        Assert.Empty(observations[StandardVantages.RouteServer(connection, false, "RouteServiceRole_IN_0")].Routes);
        Assert.Equal(["192.0.2.0/24", "198.51.100.0/24"], observations[StandardVantages.VnetAddressSpace(vnet)].Routes.Select(r => r.Prefix.ToString()).Order());
        Assert.Contains(plan.Topology.Nodes, n => n.Id == StandardVantages.NvaNode("172.31.254.10"));
        // The estate's 15, the new peer's four, the new VNet, and the data plane's four NICs and three route tables.
        Assert.Equal(15 + 4 + 1 + 4 + 3, plan.VantagePoints.Count);
        Assert.All(observations.Values, o => Assert.Equal(ObservationStatus.Ok, o.Status));
    }
}
