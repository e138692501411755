using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using static HybridRoutingPortal.Monitoring.Tests.RuleHarness;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>Each alert rule on its own, over route tables in memory: what it says for violated, satisfied and unknown.</summary>
public class MissingPrefixRuleTests
{
    private static Expectation Expect(string prefix, params string[] vantages) =>
        new("e1", "Segment reaches on-prem", IpPrefix.Parse(prefix), vantages, AlertSeverity.Critical, "netops", ExpectationSource.User, "because");

    [Fact]
    public async Task A_covering_route_satisfies_a_missing_one_violates_a_failed_poll_tells_nothing()
    {
        var h = new RuleHarness();
        var covered = h.Vantage("/subscriptions/s/a", VantageKind.CircuitRouteTable, [R("10.200.0.0/15")]);
        var missing = h.Vantage("/subscriptions/s/b", VantageKind.CircuitRouteTable, [R("10.10.0.0/16")]);
        var failed = h.Vantage("/subscriptions/s/c", VantageKind.CircuitRouteTable, failed: true);
        h.Expectations.Add(Expect("10.201.10.0/24", covered, missing, failed));

        var byVantage = (await h.RunAsync(new MissingPrefixRule())).ToDictionary(c => c.VantageId, c => c.Evidence);
        Assert.Equal(Evidence.Satisfied, byVantage[covered]);
        Assert.Equal(Evidence.Violated, byVantage[missing]);
        Assert.Equal(Evidence.Unknown, byVantage[failed]);
    }

    [Fact]
    public async Task A_default_route_does_not_count_unless_the_default_route_is_expected()
    {
        var h = new RuleHarness();
        var v = h.Vantage("/subscriptions/s/a", VantageKind.RouteServerLearned, [R("0.0.0.0/0")]);
        h.Expectations.Add(Expect("10.201.10.0/24", v));
        h.Expectations.Add(Expect("0.0.0.0/0", v) with { Id = "e2" });
        var candidates = await h.RunAsync(new MissingPrefixRule());
        Assert.Equal(Evidence.Violated, candidates.Single(c => c.Subject == "e1").Evidence);
        Assert.Equal(Evidence.Satisfied, candidates.Single(c => c.Subject == "e2").Evidence);
    }

    [Fact]
    public async Task Only_polled_vantage_points_are_evaluated_with_the_configured_lifecycle()
    {
        var h = new RuleHarness();
        var polled = h.Vantage("/subscriptions/s/a", VantageKind.CircuitRouteTable);
        var idle = h.Vantage("/subscriptions/s/b", VantageKind.CircuitRouteTable);
        h.NotPolled(idle);
        h.Options.FireAfter = 4;
        h.Expectations.Add(Expect("10.1.0.0/16", polled, idle));
        var c = Assert.Single(await h.RunAsync(new MissingPrefixRule()));
        Assert.Equal(polled, c.VantageId);
        Assert.Equal($"missing-prefix|e1|{polled}", c.Key);
        Assert.Equal(4, c.Lifecycle.FireAfter);
    }
}

public class SourceUnavailableRuleTests
{
    [Fact]
    public async Task A_failed_poll_violates_an_ok_poll_satisfies()
    {
        var h = new RuleHarness();
        var ok = h.Vantage("/subscriptions/s/a", VantageKind.GatewayLearned);
        var failed = h.Vantage("/subscriptions/s/b", VantageKind.GatewayLearned, failed: true);
        var byVantage = (await h.RunAsync(new SourceUnavailableRule())).ToDictionary(c => c.VantageId, c => c.Evidence);
        Assert.Equal(Evidence.Satisfied, byVantage[ok]);
        Assert.Equal(Evidence.Violated, byVantage[failed]);
    }
}

public class PathAsymmetryRuleTests
{
    private static CircuitRef Path(CircuitPath p) => new("/subscriptions/s/er", "er-contoso-ams", p);

    [Fact]
    public async Task Paths_with_different_prefixes_violate_and_name_the_circuit_from_its_typed_reference()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/er/p#routetable/primary", VantageKind.CircuitRouteTable, [R("10.1.0.0/16"), R("10.2.0.0/16")], circuit: Path(CircuitPath.Primary), resourceId: "/subscriptions/s/er/p");
        h.Vantage("/subscriptions/s/er/p#routetable/secondary", VantageKind.CircuitRouteTable, [R("10.1.0.0/16")], circuit: Path(CircuitPath.Secondary), resourceId: "/subscriptions/s/er/p");
        var c = Assert.Single(await h.RunAsync(new PathAsymmetryRule()));
        Assert.Equal(Evidence.Violated, c.Evidence);
        Assert.StartsWith("er-contoso-ams:", c.Title);
        Assert.Contains("10.2.0.0/16", c.Detail);
    }

    [Fact]
    public async Task Equal_paths_satisfy_and_a_failed_path_is_unknown()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/er/p#routetable/primary", VantageKind.CircuitRouteTable, [R("10.1.0.0/16")], circuit: Path(CircuitPath.Primary), resourceId: "/subscriptions/s/er/p");
        h.Vantage("/subscriptions/s/er/p#routetable/secondary", VantageKind.CircuitRouteTable, [R("10.1.0.0/16")], circuit: Path(CircuitPath.Secondary), resourceId: "/subscriptions/s/er/p");
        Assert.Equal(Evidence.Satisfied, Assert.Single(await h.RunAsync(new PathAsymmetryRule())).Evidence);

        var failing = new RuleHarness();
        failing.Vantage("/subscriptions/s/er/p#routetable/primary", VantageKind.CircuitRouteTable, [R("10.1.0.0/16")], circuit: Path(CircuitPath.Primary), resourceId: "/subscriptions/s/er/p");
        failing.Vantage("/subscriptions/s/er/p#routetable/secondary", VantageKind.CircuitRouteTable, failed: true, circuit: Path(CircuitPath.Secondary), resourceId: "/subscriptions/s/er/p");
        Assert.Equal(Evidence.Unknown, Assert.Single(await failing.RunAsync(new PathAsymmetryRule())).Evidence);
    }
}

public class RouteLimitRuleTests
{
    [Theory]
    [InlineData(3000, Evidence.Satisfied, Evidence.Satisfied)]
    [InlineData(3300, Evidence.Violated, Evidence.Satisfied)]
    [InlineData(3900, Evidence.Violated, Evidence.Violated)]
    public async Task Warning_at_80_and_critical_at_95_percent_of_the_route_server_peer_limit(int routes, Evidence warning, Evidence critical)
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, routeCount: routes);
        var byLevel = (await h.RunAsync(new RouteLimitRule())).ToDictionary(c => c.Subject, c => c.Evidence);
        Assert.Equal(warning, byLevel["warning"]);
        Assert.Equal(critical, byLevel["critical"]);
    }

    [Fact]
    public async Task A_kind_without_a_limit_gives_nothing()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/vnet#addressspace", VantageKind.VnetAddressSpace, routeCount: 99999);
        Assert.Empty(await h.RunAsync(new RouteLimitRule()));
    }
}

public class DefaultRouteChangeRuleTests
{
    [Fact]
    public async Task A_default_route_that_disappeared_in_this_poll_violates()
    {
        var h = new RuleHarness();
        var v = h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, [R("10.0.0.0/11")]);
        h.Routes.Before[v] = [R("0.0.0.0/0"), R("10.0.0.0/11")];
        var c = Assert.Single(await h.RunAsync(new DefaultRouteChangeRule()));
        Assert.Equal(Evidence.Violated, c.Evidence);
        Assert.Contains("disappeared", c.Title);
    }

    [Fact]
    public async Task An_unchanged_poll_or_the_same_default_route_satisfies_and_a_failed_poll_is_unknown()
    {
        var h = new RuleHarness();
        var same = h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, [R("0.0.0.0/0")]);
        h.Routes.Before[same] = [R("0.0.0.0/0")];
        var unchanged = h.Vantage("/subscriptions/s/rs#learned/in_1", VantageKind.RouteServerLearned, [R("0.0.0.0/0")], unchanged: true);
        var failed = h.Vantage("/subscriptions/s/gw#learned", VantageKind.GatewayLearned, failed: true);
        var byVantage = (await h.RunAsync(new DefaultRouteChangeRule())).ToDictionary(c => c.VantageId, c => c.Evidence);
        Assert.Equal(Evidence.Satisfied, byVantage[same]);
        Assert.Equal(Evidence.Satisfied, byVantage[unchanged]);
        // A failed poll still names its subject (so the alert is not taken for gone) but moves nothing.
        Assert.Equal(Evidence.Unknown, byVantage[failed]);
    }

    [Fact]
    public async Task A_first_poll_that_shows_a_default_route_is_not_a_change()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, [R("0.0.0.0/0")], first: true);
        Assert.Equal(Evidence.Satisfied, Assert.Single(await h.RunAsync(new DefaultRouteChangeRule())).Evidence);
    }
}

public class AvsOverlapRuleTests
{
    [Fact]
    public async Task A_vnet_inside_the_avs_block_violates_and_is_named()
    {
        var h = new RuleHarness();
        var avs = h.Vantage("/subscriptions/s/pc#segments", VantageKind.AvsSegments, [R("10.200.0.0/22", origin: RouteOrigins.AvsManagementBlock)]);
        h.Vantage("/subscriptions/s/vnet#addressspace", VantageKind.VnetAddressSpace, [R("10.200.2.0/24", origin: RouteOrigins.Network)]);
        var c = Assert.Single(await h.RunAsync(new AvsOverlapRule()));
        Assert.Equal((avs, Evidence.Violated), (c.VantageId, c.Evidence));
        Assert.Contains("10.200.2.0/24", c.Detail);
    }

    [Fact]
    public async Task Azure_routes_in_a_circuit_table_do_not_count_as_on_prem_space()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/pc#segments", VantageKind.AvsSegments, [R("10.200.0.0/22", origin: RouteOrigins.AvsManagementBlock)]);
        h.Vantage("/subscriptions/s/er#routetable/primary", VantageKind.CircuitRouteTable, [R("10.200.0.0/15", "65515 65010"), R("10.10.0.0/16", "65001")]);
        Assert.Equal(Evidence.Satisfied, Assert.Single(await h.RunAsync(new AvsOverlapRule())).Evidence);
    }

    [Fact]
    public async Task A_failed_avs_poll_is_unknown()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/pc#segments", VantageKind.AvsSegments, failed: true);
        Assert.Equal(Evidence.Unknown, Assert.Single(await h.RunAsync(new AvsOverlapRule())).Evidence);
    }
}

public class MoreSpecificRuleTests
{
    [Fact]
    public async Task A_more_specific_of_a_protected_prefix_from_the_nva_violates()
    {
        var h = new RuleHarness();
        var rs = h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, [R("0.0.0.0/0"), R("10.201.10.128/25", "65010")]);
        h.Expectations.Add(new Expectation("derived:AvsSegment:10.201.10.0/24:onprem", "seg", IpPrefix.Parse("10.201.10.0/24"), [], AlertSeverity.Critical, "derived",
            ExpectationSource.AvsSegment, ""));
        var c = Assert.Single(await h.RunAsync(new MoreSpecificRule()));
        Assert.Equal((rs, Evidence.Violated), (c.VantageId, c.Evidence));
        Assert.Contains("10.201.10.128/25", c.Detail);
    }

    [Fact]
    public async Task A_user_expectation_is_not_protected_space_and_summaries_are_fine()
    {
        var h = new RuleHarness();
        h.Vantage("/subscriptions/s/rs#learned/in_0", VantageKind.RouteServerLearned, [R("10.200.0.0/15"), R("10.1.1.0/24")]);
        h.Expectations.Add(new Expectation("user:1", "u", IpPrefix.Parse("10.1.0.0/16"), [], AlertSeverity.Warning, "me", ExpectationSource.User, ""));
        h.Expectations.Add(new Expectation("derived:x", "seg", IpPrefix.Parse("10.201.10.0/24"), [], AlertSeverity.Critical, "derived", ExpectationSource.AvsSegment, ""));
        Assert.Equal(Evidence.Satisfied, Assert.Single(await h.RunAsync(new MoreSpecificRule())).Evidence);
    }
}

public class BranchToBranchRuleTests
{
    private static Topology Estate(bool? branchToBranch, bool withAvs = true) => new(
        [
            new TopologyNode("rs", NodeKind.RouteServer, "rs", Facts: new NodeFacts { BranchToBranch = branchToBranch }),
            new TopologyNode("gw", NodeKind.ExpressRouteGateway, "gw"),
            new TopologyNode("nva", NodeKind.Nva, "nva"),
            .. withAvs ? new[] { new TopologyNode("pc", NodeKind.AvsPrivateCloud, "pc") } : [],
        ],
        [new TopologyLink("b2b", LinkKind.BgpSession, "rs", "gw", "a label the rule does not read", branchToBranch == true ? BgpState.Connected : BgpState.Disabled)]);

    [Theory]
    [InlineData(false, true, Evidence.Violated)]
    [InlineData(true, true, Evidence.Satisfied)]
    [InlineData(false, false, Evidence.Satisfied)] // without AVS nothing needs the exchange
    public async Task Off_with_avs_and_an_nva_violates(bool branchToBranch, bool withAvs, Evidence expected)
    {
        var h = new RuleHarness { Topology = Estate(branchToBranch, withAvs) };
        var c = Assert.Single(await h.RunAsync(new BranchToBranchRule()));
        Assert.Equal(("b2b", expected), (c.Subject, c.Evidence));
    }

    [Fact]
    public async Task Without_a_topology_or_the_fact_there_is_nothing_to_say()
    {
        Assert.Empty(await new RuleHarness().RunAsync(new BranchToBranchRule()));
        Assert.Empty(await new RuleHarness { Topology = Estate(null) }.RunAsync(new BranchToBranchRule()));
    }
}

public class BgpSessionRuleTests
{
    [Fact]
    public async Task Down_sessions_violate_connected_satisfy_unknown_tells_nothing_disabled_is_not_this_rules()
    {
        var h = new RuleHarness
        {
            Topology = new Topology([],
            [
                new TopologyLink("up", LinkKind.BgpSession, "a", "b", "up", BgpState.Connected),
                new TopologyLink("idle", LinkKind.BgpSession, "a", "c", "idle", BgpState.Idle),
                new TopologyLink("unknown", LinkKind.BgpSession, "a", "d", "unknown", BgpState.Unknown),
                new TopologyLink("off", LinkKind.BgpSession, "a", "e", "off", BgpState.Disabled),
                new TopologyLink("peering", LinkKind.VnetPeering, "a", "f", "peering", BgpState.NotConnected),
            ]),
        };
        var bySession = (await h.RunAsync(new BgpSessionRule())).ToDictionary(c => c.Subject, c => c.Evidence);
        Assert.Equal(3, bySession.Count);
        Assert.Equal(Evidence.Satisfied, bySession["up"]);
        Assert.Equal(Evidence.Violated, bySession["idle"]);
        Assert.Equal(Evidence.Unknown, bySession["unknown"]);
    }
}
