using System.Net;
using ArmEmulator;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Demo;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// Discovery degrades, never collapses: Resource Graph first, the listings ARM really serves when it fails,
/// is throttled or comes back incomplete; each type and scope fails alone and keeps what it knew as unknown.
/// </summary>
public class DiscoveryTests
{
    private static readonly ArmEstateNaming Naming = EmulatedAzure.MultiSubscription;

    public static TheoryData<ResourceGraphMode, FailureReason> ResourceGraphFaults() => new()
    {
        { ResourceGraphMode.Fail, FailureReason.ServerError },
        { ResourceGraphMode.Throttle, FailureReason.Throttled },
        { ResourceGraphMode.Truncate, FailureReason.MalformedResponse },
    };

    [Theory]
    [MemberData(nameof(ResourceGraphFaults))]
    public async Task With_resource_graph_down_throttled_or_truncated_the_multi_subscription_estate_is_discovered_completely(ResourceGraphMode mode, FailureReason reason)
    {
        await using var azure = await EmulatedAzure.StartAsync(Naming, s =>
        {
            s.ResourceGraph = mode;
            s.PageSize = 2;
        }, server: server =>
        {
            // Warned and PastDue subscriptions are still readable: they must not be skipped.
            server.Estate.SubscriptionStates[Naming.ConnectivitySubscription] = "Warned";
            server.Estate.SubscriptionStates[Naming.AvsSubscription] = "PastDue";
        });

        var (plan, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        Assert.Contains(plan.Topology.Links, l => l.Kind == LinkKind.ExpressRouteConnection && l.To == StandardVantages.Node(Naming.GatewayId));
        var graph = Assert.Single(azure.Source.Diagnostics.Discovery, p => p.Part == "Resource Graph");
        Assert.Equal((DiscoveryPartStatus.FellBack, reason), (graph.Status, graph.Reason));
        Assert.Contains("Listing each resource type instead", graph.Message, StringComparison.Ordinal);
        // Gateways and connections were listed per resource group, never subscription-wide.
        Assert.Contains(azure.Server.Requests, r => r.Contains($"/resourceGroups/{Naming.HubGroup}/providers/Microsoft.Network/connections", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(azure.Server.Requests, r => r.Contains("/providers/Microsoft.Network/virtualNetworkGateways?", StringComparison.OrdinalIgnoreCase)
                                                          && !r.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_emulator_refuses_the_subscription_wide_lists_arm_does_not_serve()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        using var http = new HttpClient();
        foreach (var type in new[] { "virtualNetworkGateways", "connections" })
        {
            var response = await http.GetAsync($"{azure.Server.BaseUrl}/subscriptions/{ContosoEstate.SubscriptionId}/providers/Microsoft.Network/{type}?api-version=2024-07-01");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var vnets = await http.GetAsync($"{azure.Server.BaseUrl}/subscriptions/{ContosoEstate.SubscriptionId}/providers/Microsoft.Network/virtualNetworks?api-version=2024-07-01");
        Assert.Equal(HttpStatusCode.OK, vnets.StatusCode);
    }

    [Fact]
    public async Task Resource_graph_is_asked_about_at_most_1000_subscriptions_at_a_time()
    {
        var extra = Enumerable.Range(0, 2_400).Select(i => $"00000000-0000-4000-8000-{i:D12}").ToArray();
        await using var azure = await EmulatedAzure.StartAsync(Naming, server: server => server.Estate.Subscriptions.AddRange(extra));

        var (_, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        Assert.Equal([1000, 1000, 403], azure.Server.ResourceGraphSubscriptionCounts.Order().Reverse());
        Assert.DoesNotContain(azure.Source.Diagnostics.Discovery, p => p.Part == "Resource Graph");
    }

    [Fact]
    public async Task With_one_resource_group_forbidden_only_its_resources_go_unknown()
    {
        await using var azure = await EmulatedAzure.StartAsync(Naming, configure: o => o.DiscoveryInterval = TimeSpan.Zero);
        await azure.CollectAsync();

        // The principal loses access to the connectivity resource group (the on-prem circuit lives there).
        var group = $"/subscriptions/{Naming.ConnectivitySubscription}/resourceGroups/{Naming.ConnectivityGroup}";
        azure.Server.Settings.ForbiddenResourceGroups.Add(group);
        var (plan, observations) = await azure.CollectAsync();

        var circuitVantages = CircuitPaths.Both.Select(p => StandardVantages.CircuitTable(Naming.PrivatePeeringId, p.ArmName())).ToArray();
        azure.AssertOnlyFailed(observations, circuitVantages, FailureReason.Forbidden);
        Assert.Contains(plan.Topology.Nodes, n => n.Id == StandardVantages.Node(Naming.CircuitId) && n.Kind == NodeKind.ExpressRouteCircuit);
        var part = Assert.Single(azure.Source.Diagnostics.Problems, p => p.Status == DiscoveryPartStatus.Failed);
        Assert.Equal((FailureReason.Forbidden, 1, Naming.CircuitId), (part.Reason, part.KeptUnknown, part.Scope));
    }

    [Fact]
    public async Task A_listing_that_fails_keeps_what_it_listed_before_and_says_so()
    {
        await using var azure = await EmulatedAzure.StartAsync(Naming, configure: o =>
        {
            o.DiscoveryInterval = TimeSpan.Zero;
            o.UseResourceGraph = false;
        });
        await azure.CollectAsync();

        azure.Server.Faults.Add(new Fault($"/resourceGroups/{Naming.HubGroup}/providers/Microsoft.Network/connections?", FaultKind.ServerError503));
        azure.Server.Faults.Add(new Fault($"/subscriptions/{Naming.HubSubscription}/providers/Microsoft.Network/virtualNetworks?", FaultKind.Throttle));
        var (plan, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        Assert.Equal(2, plan.Topology.Links.Count(l => l.Kind == LinkKind.ExpressRouteConnection));
        var failed = azure.Source.Diagnostics.Problems.Where(p => p.Status == DiscoveryPartStatus.Failed).ToArray();
        Assert.Contains(failed, p => p.Part == ResourceTypes.Connections && p.Reason == FailureReason.ServerError && p.KeptUnknown == 2);
        Assert.Contains(failed, p => p.Part == ResourceTypes.VirtualNetworks && p.Reason == FailureReason.Throttled && p.KeptUnknown == 3
                                     && p.Scope == Naming.HubSubscription);
    }

    [Fact]
    public async Task A_resource_arm_no_longer_has_is_dropped_but_one_that_cannot_be_read_is_kept()
    {
        await using var azure = await EmulatedAzure.StartAsync(Naming, configure: o => o.DiscoveryInterval = TimeSpan.Zero);
        await azure.CollectAsync();

        azure.Server.Estate.Remove(Naming.SpokeId(1));
        azure.Server.Faults.Add(new Fault($"virtualNetworks/{Naming.Spokes[0]}?", FaultKind.ServerError500));
        var (plan, observations) = await azure.CollectAsync();

        Assert.DoesNotContain(StandardVantages.VnetAddressSpace(Naming.SpokeId(1)), plan.VantagePoints.Select(v => v.Id));
        Assert.DoesNotContain(StandardVantages.VnetAddressSpace(Naming.SpokeId(1)), observations.Keys);
        Assert.Equal(FailureReason.ServerError, observations[StandardVantages.VnetAddressSpace(Naming.SpokeId(0))].Failure?.Reason);
        Assert.Contains(azure.Source.Diagnostics.Problems, p => p.Scope == Naming.SpokeId(0) && p.KeptUnknown == 1);
    }

    [Fact]
    public async Task Disabled_subscriptions_are_left_out_with_a_word_and_warned_or_past_due_ones_are_read()
    {
        await using var azure = await EmulatedAzure.StartAsync(Naming, server: server =>
        {
            server.Estate.SubscriptionStates[Naming.HubSubscription] = "Warned";
            server.Estate.SubscriptionStates[Naming.ConnectivitySubscription] = "PastDue";
            server.Estate.Subscriptions.Add("55555555-5555-4555-8555-555555555555");
            server.Estate.SubscriptionStates["55555555-5555-4555-8555-555555555555"] = "Disabled";
        });

        var (_, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        var part = Assert.Single(azure.Source.Diagnostics.Discovery, p => p.Part == "Subscriptions");
        Assert.Contains("55555555-5555-4555-8555-555555555555 (Disabled)", part.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_discovery_fails_at_first_start_the_overview_says_why()
    {
        await using var azure = await EmulatedAzure.StartAsync(server: server => server.Faults.Add(new Fault("/subscriptions?", FaultKind.Unauthorized)));

        await Assert.ThrowsAsync<CollectionException>(() => azure.Source.PlanAsync(CancellationToken.None));

        var part = Assert.Single(azure.Source.Diagnostics.Discovery);
        Assert.Equal((DiscoveryPartStatus.Failed, FailureReason.Unauthorized), (part.Status, part.Reason));
    }
}
