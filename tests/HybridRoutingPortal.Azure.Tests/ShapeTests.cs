using System.Text.Json;
using System.Text.Json.Nodes;
using ArmEmulator;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// No silent empties: an answer that cannot be read fails its vantage point as malformed with the reason,
/// an unreadable row is left out and counted, and {} is an empty table only where the spec allows it.
/// Plus the shapes of the estate a first real contact brings: Global Reach made from the other circuit,
/// a stretched private cloud, a Route Server still provisioning, a Virtual WAN hub.
/// </summary>
public class ShapeTests
{
    [Fact]
    public async Task Route_server_session_states_are_read_every_cycle_and_unknown_when_they_cannot_be()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var first = await azure.Source.PlanAsync(CancellationToken.None);
        Assert.Contains(first.Topology.Links, l => l.To == ContosoEstate.NvaNode && l.State == BgpState.Connected);

        // The estate is not rediscovered (its interval has not passed), but the session's state must not be carried over.
        azure.Server.Faults.Add(new Fault("/bgpConnections?", FaultKind.ServerError500));
        var second = await azure.Source.PlanAsync(CancellationToken.None);
        Assert.Contains(second.Topology.Links, l => l.To == ContosoEstate.NvaNode && l.State == BgpState.Unknown);
    }

    [Fact]
    public async Task Links_that_point_away_from_the_arm_endpoint_are_not_followed_with_the_token()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        await azure.Source.PlanAsync(CancellationToken.None);
        // The same server under another name: had the client followed, it would have been answered — and leaked its token.
        azure.Server.Settings.LinkBaseUrl = azure.Server.BaseUrl.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);

        var (_, observations) = await azure.CollectAsync();

        var lro = azure.Expected().Keys.Where(id => !id.EndsWith("#segments", StringComparison.Ordinal) && !id.EndsWith("#addressspace", StringComparison.Ordinal)
            && !id.EndsWith("#routes", StringComparison.Ordinal)).ToArray();
        azure.AssertOnlyFailed(observations, lro, FailureReason.MalformedResponse);
        Assert.All(lro, id => Assert.Contains("not at the ARM endpoint", observations[id].Failure!.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_operation_that_succeeds_without_a_location_fails_as_malformed_never_empty()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = LroStyle.AsyncOperation);
        await azure.Source.PlanAsync(CancellationToken.None);
        azure.Server.Settings.LroStyle = LroStyle.AsyncOperationWithoutLocation;

        var (_, observations) = await azure.CollectAsync();

        var lro = azure.Expected().Keys.Where(id => !id.EndsWith("#segments", StringComparison.Ordinal) && !id.EndsWith("#addressspace", StringComparison.Ordinal)
            && !id.EndsWith("#routes", StringComparison.Ordinal)).ToArray();
        azure.AssertOnlyFailed(observations, lro, FailureReason.MalformedResponse);
        Assert.All(lro, id => Assert.Contains("no Location header", observations[id].Failure!.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_final_answer_with_no_body_fails_as_malformed_for_route_server_too()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        await azure.Source.PlanAsync(CancellationToken.None);
        azure.Server.Faults.Add(new Fault("bgp-nva-fw01/learnedRoutes", FaultKind.EmptyBody));
        azure.Server.Faults.Add(new Fault("getLearnedRoutes", FaultKind.EmptyBody));

        var (_, observations) = await azure.CollectAsync();

        azure.AssertOnlyFailed(observations, [V.RouteServerLearned(0), V.RouteServerLearned(1), V.GatewayLearned], FailureReason.MalformedResponse);
        Assert.Contains("no body", observations[V.GatewayLearned].Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_object_is_an_empty_table_where_the_spec_leaves_value_optional()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var estate = azure.Server.Estate;
        // ExpressRouteCircuitsRoutesTableListResult and GatewayRouteListResult: value is optional; the gateway examples answer {}.
        estate.Action(ContosoEstate.PrivatePeeringId, "routeTables/secondary", _ => new JsonObject());
        estate.Action(ContosoEstate.GatewayId, "getLearnedRoutes", _ => new JsonObject());

        var (_, observations) = await azure.CollectAsync();

        foreach (var id in new[] { V.CircuitTable("secondary"), V.GatewayLearned })
        {
            Assert.Equal(ObservationStatus.Ok, observations[id].Status);
            Assert.Empty(observations[id].Routes);
        }
    }

    public static TheoryData<string, string> WrongShapes() => new()
    {
        { "route server answering a list", """{ "value": [ { "network": "10.0.0.0/8", "nextHop": "10.100.2.4" } ] }""" },
        { "route server instance without a list", """{ "RouteServiceRole_IN_0": null }""" },
        { "route server answering an array", """[ { "network": "10.0.0.0/8" } ]""" },
        { "routes as an object", """{ "RouteServiceRole_IN_0": { "network": "10.0.0.0/8" } }""" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task A_body_of_the_wrong_shape_fails_its_vantage_points_as_malformed(string what, string body)
    {
        Assert.NotEmpty(what);
        await using var azure = await EmulatedAzure.StartAsync();
        azure.Server.Estate.Action(ContosoEstate.NvaConnectionId, "learnedRoutes", _ => JsonNode.Parse(body));

        var (_, observations) = await azure.CollectAsync();

        azure.AssertOnlyFailed(observations, [V.RouteServerLearned(0), V.RouteServerLearned(1)], FailureReason.MalformedResponse);
    }

    [Fact]
    public async Task A_row_without_a_prefix_is_left_out_and_counted_and_a_table_of_only_such_rows_fails()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var estate = azure.Server.Estate;
        estate.Action(ContosoEstate.PrivatePeeringId, "routeTables/primary", _ => JsonNode.Parse("""
            { "value": [
              { "network": "10.1.0.0/16", "nextHop": "10.17.17.140*", "locPrf": "100", "weight": 0, "path": "65001" },
              { "network": "", "nextHop": "10.17.17.141", "locPrf": "", "weight": 0, "path": "65001" },
              { "network": "172.16.0.0/12", "nextHop": "10.17.17.141", "locPrf": "", "weight": 0, "path": "65001 65002" } ] }
            """));
        estate.Action(ContosoEstate.PrivatePeeringId, "routeTables/secondary", _ => JsonNode.Parse("""{ "value": [ { "network": "", "nextHop": "10.17.17.142" } ] }"""));

        var (_, observations) = await azure.CollectAsync();

        var primary = observations[V.CircuitTable("primary")];
        Assert.Equal(ObservationStatus.Ok, primary.Status);
        // The next hop's marker is stripped, so the hop compares equal across polls and vantage points.
        Assert.Equal([("10.1.0.0/16", "10.17.17.140"), ("172.16.0.0/12", "10.17.17.141")], primary.Routes.Select(r => (r.Prefix.ToString(), r.NextHop)).Order());
        var skipped = Assert.Single(azure.Source.Diagnostics.SkippedRows);
        Assert.Equal((V.CircuitTable("primary"), 1), (skipped.VantageId, skipped.Count));
        Assert.Contains("no network", skipped.Reason, StringComparison.Ordinal);

        var secondary = observations[V.CircuitTable("secondary")];
        Assert.Equal(ObservationStatus.Failed, secondary.Status);
        Assert.Equal(FailureReason.MalformedResponse, secondary.Failure!.Reason);
    }

    [Theory]
    [InlineData("10.17.17.140*", "10.17.17.140")]
    [InlineData("10.17.17.140", "10.17.17.140")]
    [InlineData(" 192.168.0.1 ", "192.168.0.1")]
    [InlineData("fe80::1>", "fe80::1")]
    [InlineData("", "")]
    [InlineData("Internet", "Internet")]
    public void Next_hop_markers_are_stripped_and_anything_else_kept(string raw, string expected) =>
        Assert.Equal(expected, Collectors.RouteMapping.NextHop(raw));

    [Fact]
    public async Task A_status_url_answering_with_the_routes_themselves_is_read()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = LroStyle.AsyncOperationWithoutLocation, server: server =>
            server.Estate.Action(ContosoEstate.GatewayId, "getLearnedRoutes", _ => new JsonObject()));
        var api = new ArmRestNetworkApi(new Arm.ArmClient(azure.Options, null, TimeProvider.System,
            new global::Azure.Core.Pipeline.HttpClientTransport(new HttpClient(new StatusCarriesResult(azure.Server.BaseUrl)))));

        var routes = await api.GatewayLearnedRoutesAsync(ContosoEstate.GatewayId, CancellationToken.None);

        Assert.Equal(["10.9.0.0/16"], routes.Select(r => r.Network));
    }

    /// <summary>Answers the gateway's status URL with routes and no status field, as DESIGN.md notes the gateway actions may.</summary>
    private sealed class StatusCarriesResult(string baseUrl) : DelegatingHandler(new HttpClientHandler())
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.Contains("/locations/westeurope/operations/", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(System.Net.HttpStatusCode.OK)
                {
                    Content = new StringContent("""{ "value": [ { "network": "10.9.0.0/16", "nextHop": "10.100.0.4", "asPath": "65001" } ] }""",
                        System.Text.Encoding.UTF8, "application/json"),
                };
            }

            Assert.StartsWith(baseUrl, request.RequestUri.ToString(), StringComparison.Ordinal);
            return await base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task Global_reach_made_from_the_other_circuit_shows_in_the_topology()
    {
        const string other = "/subscriptions/44444444-4444-4444-8444-444444444444/resourceGroups/rg-dr/providers/Microsoft.Network/expressRouteCircuits/er-dr-lon";
        await using var azure = await EmulatedAzure.StartAsync(server: server => EstateVariations.AddGlobalReachFromOtherCircuit(server.Estate, ArmEstateNaming.Contoso, other));

        var (plan, _) = await azure.CollectAsync();

        var n = StandardVantages.Node;
        Assert.Contains(plan.Topology.Links, l => l.Kind == LinkKind.GlobalReach && new[] { l.From, l.To }.Order().SequenceEqual(new[] { n(ContosoEstate.CircuitId), n(other) }.Order()));
        Assert.Contains(plan.Topology.Nodes, x => x.Id == n(other) && x.Kind == NodeKind.ExpressRouteCircuit);
    }

    [Fact]
    public async Task A_stretched_private_cloud_shows_its_second_circuit()
    {
        const string second = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/tnt-avs-z2/providers/Microsoft.Network/expressRouteCircuits/tnt-avs-z2-er";
        await using var azure = await EmulatedAzure.StartAsync(server: server => EstateVariations.MakeStretched(server.Estate, ArmEstateNaming.Contoso, second));

        var (plan, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        var n = StandardVantages.Node;
        Assert.Contains(plan.Topology.Links, l => l.Kind == LinkKind.Contains && l.From == n(ContosoEstate.PrivateCloudId) && l.To == n(second));
        Assert.Contains(plan.Topology.Links, l => l.Kind == LinkKind.Contains && l.From == n(ContosoEstate.PrivateCloudId) && l.To == n(ContosoEstate.AvsCircuitId));
    }

    [Fact]
    public async Task The_official_stretched_example_names_its_second_circuit_by_its_peering()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "arm-examples", "avs", "PrivateClouds_Get_Stretched.json")))!;
        var cloud = json["responses"]!["200"]!["body"]!.Deserialize<Arm.PrivateCloud>(Arm.ArmJson.Options)!;
        var api = new FixedCloud(cloud);

        var info = await new Discovery.ResourceDetails(api).PrivateCloudAsync(cloud.Id, CancellationToken.None);

        Assert.EndsWith("tnt42-cust-p01-dmo01-er2", info.SecondaryCircuitId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_route_server_still_provisioning_is_shown_and_said_not_dropped_and_a_virtual_wan_hub_is_left_out_with_a_count()
    {
        string provisioning = "", wan = "";
        await using var azure = await EmulatedAzure.StartAsync(server: server =>
        {
            provisioning = EstateVariations.AddProvisioningRouteServer(server.Estate, ArmEstateNaming.Contoso, "rs-new");
            wan = EstateVariations.AddVirtualWanHub(server.Estate, ArmEstateNaming.Contoso, "vhub-wan");
        });

        var (plan, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        var node = Assert.Single(plan.Topology.Nodes, x => x.Id == StandardVantages.Node(provisioning));
        Assert.Equal(NodeKind.RouteServer, node.Kind);
        Assert.Contains("provisioning", node.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Topology.Nodes, x => x.Id == StandardVantages.Node(wan));
        var part = Assert.Single(azure.Source.Diagnostics.Problems, p => p.Scope == provisioning);
        Assert.Equal(DiscoveryPartStatus.Warning, part.Status);
        Assert.Contains("no router IPs yet", part.Message, StringComparison.Ordinal);
        Assert.Contains("1 Virtual WAN hub(s) left out", azure.Source.Diagnostics.Discovery[0].Message, StringComparison.Ordinal);
    }

    /// <summary>Serves one private cloud (the official example) and nothing else.</summary>
    private sealed class FixedCloud(Arm.PrivateCloud cloud) : IAzureNetworkApi
    {
        public Task<T> GetAsync<T>(string resourceId, string apiVersion, CancellationToken ct) => Task.FromResult((T)(object)cloud);

        public Task<IReadOnlyList<Arm.ArmResource<T>>> ListChildrenAsync<T>(string parentId, string childPath, string apiVersion, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<Arm.ArmResource<T>>>([]);

        public Task<IReadOnlyList<Arm.Subscription>> ListSubscriptionsAsync(CancellationToken ct) => throw new NotSupportedException();

        public Task<ResourceGraphResult> QueryResourcesAsync(IReadOnlyList<string> subscriptions, IReadOnlyList<string> types, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.ArmResource<T>>> ListBySubscriptionAsync<T>(string subscriptionId, string resourceType, string apiVersion, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<string>> ListResourceGroupsAsync(string subscriptionId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.ArmResource<T>>> ListByResourceGroupAsync<T>(string resourceGroupId, string resourceType, string apiVersion, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, IReadOnlyList<Arm.PeerRoute>>> RouteServerRoutesAsync(string bgpConnectionId, RouteDirection direction, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.CircuitRoute>> CircuitRouteTableAsync(string peeringId, string devicePath, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.CircuitRouteSummary>> CircuitRouteTableSummaryAsync(string peeringId, string devicePath, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.PeerRoute>> GatewayLearnedRoutesAsync(string gatewayId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.PeerRoute>> GatewayAdvertisedRoutesAsync(string gatewayId, string peer, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.BgpPeerStatus>> GatewayBgpPeerStatusAsync(string gatewayId, CancellationToken ct) => throw new NotSupportedException();

        public Task<IReadOnlyList<Arm.EffectiveRouteDto>> NicEffectiveRoutesAsync(string networkInterfaceId, CancellationToken ct) => throw new NotSupportedException();

        public IReadOnlyList<RequestBudget> Budgets() => [];
    }
}
