using System.Text.Json.Nodes;
using ArmEmulator;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Propagation;
using HybridRoutingPortal.Demo;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// The data plane read through the real collectors from the emulator: NIC effective routes in each of ARM's shapes (several
/// prefixes per row, ECMP next hops, Invalid routes, next-hop types nobody has seen yet, the official example), a stopped VM
/// (unknown, never empty), both long-running styles with the result under the NIC, route tables and peering flags in the topology.
/// </summary>
public class DataPlaneCollectorTests
{
    private static readonly string ProbeApp = ContosoEstate.ProbeAppNic.Id;
    private static readonly string ProbeAppVantage = StandardVantages.NicEffectiveRoutes(ProbeApp);

    private static string Examples(string file)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir!.FullName, "tests", "HybridRoutingPortal.Azure.Tests", "arm-examples", file);
    }

    private static string[] Rows(Observation o) =>
        o.Routes.Select(r => $"{r.Prefix} {r.Origin} {r.State?.ToString() ?? "-"} {r.NextHopType} {r.NextHop}".TrimEnd()).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Every_prefix_and_next_hop_of_a_row_is_a_route_with_its_source_state_and_next_hop_type_kept()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = LroStyle.Location);
        azure.Server.Estate.Action(ProbeApp, "effectiveRouteTable", _ => JsonNode.Parse("""
            { "value": [
              { "source": "Default", "state": "Active", "addressPrefix": ["10.101.0.0/20", "10.101.64.0/20"], "nextHopType": "VnetLocal", "nextHopIpAddress": [] },
              { "source": "VirtualNetworkGateway", "state": "Active", "addressPrefix": ["10.10.0.0/16"], "nextHopType": "VirtualNetworkGateway",
                "nextHopIpAddress": ["10.100.0.12", "10.100.0.13"] },
              { "source": "VirtualNetworkGateway", "state": "Invalid", "addressPrefix": ["10.200.0.0/22"], "nextHopType": "VirtualNetworkGateway", "nextHopIpAddress": ["10.100.0.14"] },
              { "source": "User", "state": "Active", "addressPrefix": ["10.200.0.0/22"], "nextHopType": "VirtualAppliance", "nextHopIpAddress": ["10.100.2.4"] },
              { "name": "future", "source": "Unknown", "state": "Active", "addressPrefix": ["172.20.0.0/16"], "nextHopType": "HyperNetTunnel2031", "nextHopIpAddress": ["10.100.9.1"],
                "disableBgpRoutePropagation": false, "hasBgpOverride": false, "tagMap": {} }
            ] }
            """));

        var (_, observations) = await azure.CollectAsync();

        var nic = observations[ProbeAppVantage];
        Assert.Equal(ObservationStatus.Ok, nic.Status);
        Assert.Equal(
            [
                "10.10.0.0/16 VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.12",
                "10.10.0.0/16 VirtualNetworkGateway Active VirtualNetworkGateway 10.100.0.13",
                "10.101.0.0/20 Default Active VnetLocal",
                "10.101.64.0/20 Default Active VnetLocal",
                "10.200.0.0/22 User Active VirtualAppliance 10.100.2.4",
                "10.200.0.0/22 VirtualNetworkGateway Invalid VirtualNetworkGateway 10.100.0.14",
                "172.20.0.0/16 Unknown Active HyperNetTunnel2031 10.100.9.1",
            ], Rows(nic));
        // Location only, and the Location is under the NIC, as the official example shows it.
        Assert.Contains(azure.Server.Requests, r => r.StartsWith("GET ", StringComparison.Ordinal)
            && r.Contains("/networkInterfaces/vm-probe-app-nic/operationResults/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_official_example_answer_reads_as_its_six_system_routes()
    {
        var example = JsonNode.Parse(File.ReadAllText(Examples("data-plane/NetworkInterfaceEffectiveRouteTableList.json")))!["responses"]!["200"]!["body"]!;
        await using var azure = await EmulatedAzure.StartAsync();
        azure.Server.Estate.Action(ProbeApp, "effectiveRouteTable", _ => example.DeepClone());

        var (_, observations) = await azure.CollectAsync();

        Assert.Equal(
            ["0.0.0.0/0 Default Active Internet", "10.0.0.0/8 Default Active None", "100.64.0.0/10 Default Active None", "172.16.0.0/12 Default Active None",
                "172.20.2.0/24 Default Active VnetLocal", "192.168.0.0/16 Default Active None"],
            Rows(observations[ProbeAppVantage]));
    }

    [Theory]
    [InlineData(LroStyle.Location)]
    [InlineData(LroStyle.AsyncOperation)]
    public async Task A_stopped_vm_leaves_its_nic_unknown_not_running_never_empty_and_every_other_vantage_right(LroStyle style)
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = style);
        azure.State = new DemoScenario(EmulatedAzure.Epoch).At(EmulatedAzure.Epoch + DemoScenario.ProbeStoppedStart + TimeSpan.FromMinutes(10));
        Assert.Contains(ContosoEstate.ProbeAppNic.VmId, azure.State.StoppedVms);

        var (_, observations) = await azure.CollectAsync();

        azure.AssertOnlyFailed(observations, [ProbeAppVantage], FailureReason.NotRunning);
        Assert.Empty(observations[ProbeAppVantage].Routes);
        Assert.Contains("only while the VM runs", observations[ProbeAppVantage].Failure!.Message, StringComparison.Ordinal);
        // Azure refused the POST itself: no operation was started for it.
        Assert.DoesNotContain(azure.Server.Requests, r => r.Contains("vm-probe-app-nic/operationResults", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Both_operation_styles_read_the_result_under_the_nic()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s =>
        {
            s.LroStyle = LroStyle.AsyncOperation;
            s.PollsBeforeDone = 2;
        });

        var (_, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        var probe = azure.Server.Requests.Where(r => r.Contains("vm-probe-app-nic", StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.Contains(probe, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("/effectiveRouteTable?", StringComparison.Ordinal));
        Assert.Contains(probe, r => r.StartsWith("GET ", StringComparison.Ordinal) && r.Contains("/operationResults/", StringComparison.Ordinal));
        Assert.Contains(azure.Server.Requests, r => r.Contains("/locations/westeurope/operations/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_serves_an_operation_result_only_under_its_own_nic()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.LroStyle = LroStyle.Location);
        using var http = new HttpClient();
        var post = await http.PostAsync($"{azure.Server.BaseUrl}{ProbeApp}/effectiveRouteTable?api-version={ApiVersions.Network}", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, post.StatusCode);
        var location = post.Headers.Location!.ToString();
        Assert.Contains("/networkInterfaces/vm-probe-app-nic/operationResults/", location, StringComparison.Ordinal);

        var other = await http.GetAsync(location.Replace("vm-probe-app-nic", "vm-probe-data-nic", StringComparison.Ordinal));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task The_topology_has_the_watched_nics_the_route_tables_and_both_sides_of_each_peering()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        // Gateway-route propagation off on spoke-data's table (11:00-11:30 of the demo day).
        azure.State = new DemoScenario(EmulatedAzure.Epoch).At(EmulatedAzure.Epoch + DemoScenario.PropagationOffStart + TimeSpan.FromMinutes(5));
        ContosoArmEstate.SyncRouteTables(azure.Server.Estate, azure.Naming, azure.State);

        var (plan, observations) = await azure.CollectAsync();
        azure.AssertEveryVantageRight(observations);
        var t = plan.Topology;
        var n = StandardVantages.Node;

        // The NVA's two NICs by its Route Server peer address (its VM's other NIC too), a tagged probe VM in each spoke.
        Assert.Equal(ContosoEstate.Nics.Select(x => n(x.Id)).Order(), t.Nodes.Where(x => x.Kind == NodeKind.NetworkInterface).Select(x => x.Id).Order());
        Assert.Contains("NVA 10.100.2.4", t.Nodes.Single(x => x.Id == n(ContosoEstate.Nics[1].Id)).Detail, StringComparison.Ordinal);
        Assert.Contains("hybrid-routing-watch", t.Nodes.Single(x => x.Id == n(ProbeApp)).Detail, StringComparison.Ordinal);
        Assert.Equal(3, t.Nodes.Count(x => x.Kind == NodeKind.RouteTable));
        Assert.Contains(t.Links, l => l.Kind == LinkKind.RouteTableAssociation && l.From == n(ContosoEstate.SpokeDataRouteTableId) && l.To == n(ContosoEstate.SpokeDataVnetId));

        var peering = t.Links.Single(l => l.Kind == LinkKind.VnetPeering && (l.From == n(ContosoEstate.SpokeAppVnetId) || l.To == n(ContosoEstate.SpokeAppVnetId)));
        Assert.Equal(new PeeringSide(true, false, BgpState.Connected), peering.Peering!.SideOf(peering, n(ContosoEstate.HubVnetId)));
        Assert.Equal(new PeeringSide(false, true, BgpState.Connected), peering.Peering!.SideOf(peering, n(ContosoEstate.SpokeAppVnetId)));
        Assert.True(peering.Peering!.UsesRemoteGateway);
        Assert.Contains("uses the hub's gateway and Route Server", peering.Label, StringComparison.Ordinal);

        // The explanations read the same facts as from the demo: spoke-data's NIC sits behind a table with propagation off.
        var estate = RoutingEstate.From(t, plan.VantagePoints);
        var data = estate.Nic(n(ContosoEstate.ProbeDataNic.Id))!;
        Assert.Equal(n(ContosoEstate.SpokeDataRouteTableId), data.RouteTableNodeId);
        Assert.Equal(Core.Explain.ReasonCode.BgpPropagationDisabled, estate.WhyNoGatewayRoutes(data));
        Assert.Null(estate.WhyNoGatewayRoutes(estate.Nic(n(ProbeApp))!));
        Assert.Equal([], t.Nodes.Single(x => x.Id == n(ContosoEstate.SpokeAppRouteTableId)).Facts!.UnresolvedNextHops);
    }

    [Fact]
    public async Task A_next_hop_no_nic_holds_is_unresolved_only_while_every_nic_could_be_listed()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        var table = $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/routeTables/rt-lab";
        azure.Server.Estate.Add(table, "Microsoft.Network/routeTables", JsonNode.Parse("""
            { "disableBgpRoutePropagation": false, "routes": [
              { "name": "to-old-fw", "properties": { "addressPrefix": "10.10.0.0/16", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.100.9.9" } },
              { "name": "to-fw", "properties": { "addressPrefix": "10.11.0.0/16", "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.100.2.4" } } ] }
            """)!.AsObject());

        var (plan, observations) = await azure.CollectAsync();
        Assert.Equal(["10.100.9.9"], plan.Topology.Nodes.Single(x => x.ResourceId == table).Facts!.UnresolvedNextHops);
        // A route table's routes have no state: the NIC decides which it uses.
        Assert.Equal(["10.10.0.0/16 User - VirtualAppliance 10.100.9.9", "10.11.0.0/16 User - VirtualAppliance 10.100.2.4"],
            Rows(observations[StandardVantages.RouteTable(table)]));

        // Rediscovery cannot list the NICs: the inventory is incomplete, so nothing is called a blackhole (unknown, not "fine").
        azure.Server.Faults.Add(new Fault("providers/Microsoft.Network/networkInterfaces?", FaultKind.Forbidden));
        var rediscovered = await new Discovery.EstateDiscovery(new ArmRestNetworkApi(new ArmClient(azure.Options, null, TimeProvider.System)), azure.Options,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Discovery.EstateDiscovery>.Instance).DiscoverAsync(azure.Source.Estate, 4, CancellationToken.None);
        Assert.False(rediscovered.DataPlane!.NicInventoryComplete);
        Assert.Equal(ContosoEstate.Nics.Count, rediscovered.DataPlane.Watched.Count());
        Assert.Contains(rediscovered.Parts, p => p.Part == "Microsoft.Network/networkInterfaces" && p.Status == DiscoveryPartStatus.Failed && p.Reason == FailureReason.Forbidden);
        var topology = AzureTopology.Build(rediscovered, new SessionState(new Dictionary<string, IReadOnlyList<BgpPeerStatus>>(), new Dictionary<(string, CircuitPath), IReadOnlyList<CircuitRouteSummary>?>()));
        Assert.Null(topology.Nodes.Single(x => x.ResourceId == table).Facts!.UnresolvedNextHops);
    }

    [Fact]
    public async Task Azure_watch_nics_adds_an_untagged_nic_and_a_missing_one_is_said_not_watched()
    {
        var extra = $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/networkInterfaces/vm-lab-nic";
        var missing = $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/networkInterfaces/vm-gone-nic";
        await using var azure = await EmulatedAzure.StartAsync(configure: o => o.WatchNics = [extra, missing]);
        ContosoArmEstate.AddNic(azure.Server.Estate, extra, $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Compute/virtualMachines/vm-lab",
            ContosoEstate.SpokeAppVnetId + "/subnets/snet-workload", "10.101.0.9", tagged: false);
        ContosoArmEstate.AddNic(azure.Server.Estate, $"/subscriptions/{ContosoEstate.SubscriptionId}/resourceGroups/rg-lab/providers/Microsoft.Network/networkInterfaces/vm-other-nic", null,
            ContosoEstate.SpokeAppVnetId + "/subnets/snet-workload", "10.101.0.10", tagged: false);
        azure.Server.Estate.Action(extra, "effectiveRouteTable", _ => ContosoArmEstate.EffectiveRoutes(RoutePropagation.NicRoutes(azure.State, ProbeApp)));

        var (plan, observations) = await azure.CollectAsync();

        Assert.Equal(ObservationStatus.Ok, observations[StandardVantages.NicEffectiveRoutes(extra)].Status);
        Assert.Contains("Azure:WatchNics", plan.Topology.Nodes.Single(x => x.ResourceId == extra).Detail, StringComparison.Ordinal);
        // An untagged NIC of no NVA is inventory only.
        Assert.DoesNotContain(plan.VantagePoints, v => v.ResourceId!.EndsWith("vm-other-nic", StringComparison.Ordinal));
        Assert.Equal(ContosoEstate.Nics.Count + 1, plan.VantagePoints.Count(v => v.Kind == VantageKind.NicEffectiveRoutes));
        Assert.Contains(azure.Source.Diagnostics.Discovery, p => p.Scope == missing && p.Status == DiscoveryPartStatus.Warning && p.Message.Contains("not watched", StringComparison.Ordinal));
    }

    [Fact]
    public void Rows_that_cannot_be_read_are_counted_and_an_answer_of_only_such_rows_is_malformed()
    {
        EffectiveRouteDto Row(string? state, params string[] prefixes) => new(null, "Default", state, prefixes, [], "VnetLocal", false);

        var mapped = Collectors.RouteMapping.FromEffectiveRoutes([Row("Active", "10.0.0.0/16"), Row("Pending", "10.1.0.0/16"), Row("Active", "not-a-prefix"), null], "test");
        Assert.Equal(["10.0.0.0/16"], mapped.Routes.Select(r => r.Prefix.ToString()));
        Assert.Equal(3, mapped.Skipped);

        var error = Assert.Throws<CollectionException>(() => Collectors.RouteMapping.FromEffectiveRoutes([Row("Pending", "10.1.0.0/16")], "test"));
        Assert.Equal(FailureReason.MalformedResponse, error.Reason);
    }

    [Fact]
    public void An_effective_route_without_a_next_hop_type_has_the_key_the_store_reads_back()
    {
        // The store keeps a missing type as empty and reads it back as null; were it "" here, the route's key would hold its
        // source in memory only, and every changed poll would close and reopen it.
        var mapped = Collectors.RouteMapping.FromEffectiveRoutes([new EffectiveRouteDto(null, "User", "Active", ["10.0.0.0/16"], ["10.0.1.4"], " ", false)], "test");

        var route = Assert.Single(mapped.Routes);
        Assert.Null(route.NextHopType);
    }

    [Fact]
    public async Task An_empty_effective_route_table_is_malformed_not_no_routes()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        azure.Server.Estate.Action(ProbeApp, "effectiveRouteTable", _ => new JsonObject { ["value"] = new JsonArray() });

        var (_, observations) = await azure.CollectAsync();

        azure.AssertOnlyFailed(observations, [ProbeAppVantage], FailureReason.MalformedResponse);
    }
}
