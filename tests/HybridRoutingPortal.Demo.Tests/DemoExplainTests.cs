using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;
using HybridRoutingPortal.Demo;
using static HybridRoutingPortal.Demo.ContosoEstate;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Demo.Tests;

/// <summary>The demo's story, explained the way the portal will explain it: from what the collectors return.</summary>
public class DemoExplainTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    /// <summary>What the portal would hold at a moment: every collector's answer, failed ones unknown.</summary>
    internal static async Task<Explainer> ExplainerAt(double hours)
    {
        var at = Epoch + TimeSpan.FromHours(hours);
        var source = new DemoSource(new DemoScenario(Epoch), TimeProvider.System);
        var plan = await source.PlanAtAsync(at, CancellationToken.None);
        var routes = new Dictionary<string, IReadOnlyList<Route>>();
        var unknown = new Dictionary<string, ObservationFailure?>();
        foreach (var collector in plan.Collectors)
        {
            try
            {
                foreach (var o in await collector.CollectAsync(at, CancellationToken.None))
                {
                    routes[o.VantageId] = o.Routes;
                }
            }
            catch (CollectionException ex)
            {
                foreach (var id in collector.VantageIds)
                {
                    unknown[id] = new ObservationFailure(ex.Reason, ex.Message);
                }
            }
        }

        return Explainer.For(plan.Topology, plan.VantagePoints, new ObservedRoutes(routes, unknown), at);
    }

    [Fact]
    public async Task The_new_avs_segment_stops_at_the_nva_which_has_no_summary_for_it_and_never_reaches_the_on_prem_circuit()
    {
        var explanation = (await ExplainerAt(23.5)).Explain(NewSegment.Subnet);

        Assert.Equal(OriginKind.Avs, explanation.Origin!.Kind);
        Assert.Equal(V.AvsSegments, explanation.Hops[0].VantageId);

        // Present at AVS, the gateway and Route Server's advertisements to the NVA.
        string[] present = [V.AvsSegments, V.GatewayLearned, V.RouteServerAdvertised(0), V.RouteServerAdvertised(1)];
        Assert.All(present, id => Assert.Equal(HopStatus.Present, explanation.Hop(id)!.Status));
        Assert.All(present, id => Assert.Null(explanation.Hop(id)!.Reason));

        // The first break: the NVA re-advertises no covering route; its summaries are the evidence.
        var first = explanation.FirstBreak!;
        Assert.Equal(V.RouteServerLearned(0), first.VantageId);
        Assert.Equal(ReasonCode.NvaNotReadvertising, first.Reason!.Code);
        var advertisements = Assert.Single(first.Reason.Evidence, e => e.Kind == EvidenceKind.Route && e.Text.Contains("advertises", StringComparison.Ordinal));
        Assert.All(NvaSummaries, s => Assert.Contains(s.ToString(), advertisements.Text, StringComparison.Ordinal));

        // Absent on the on-prem circuit, primary and secondary (only the NVA's default route covers it there), for both
        // reasons: the NVA has no covering summary and the gateway does not transit circuit to circuit.
        foreach (var path in CircuitPaths.Both)
        {
            var hop = explanation.Hop(V.CircuitTable(path.ArmName()))!;
            Assert.NotEqual(HopStatus.Present, hop.Status);
            Assert.Equal(ReasonCode.NvaNotReadvertising, hop.Reason!.Code);
            Assert.Contains("advertises no route covering it", hop.Reason.Text, StringComparison.Ordinal);
            Assert.Contains("does not transit", hop.Reason.Text, StringComparison.Ordinal);
            Assert.Contains("Widen", hop.Reason.Suggestion, StringComparison.Ordinal);
            Assert.Contains(NvaVdiSummary.ToString(), hop.Reason.Suggestion, StringComparison.Ordinal);
            Assert.Contains("Global Reach", hop.Reason.Suggestion, StringComparison.Ordinal);
            Assert.Contains(hop.Reason.Evidence, e => e.Text.Contains(NvaSummaries[3].ToString(), StringComparison.Ordinal));
        }

        // Path order: origin → gateway → Route Server → NVA → gateway → circuit.
        var order = explanation.Hops.Select(h => h.VantageId).ToList();
        Assert.True(order.IndexOf(V.GatewayLearned) < order.IndexOf(V.RouteServerAdvertised(0)));
        Assert.True(order.IndexOf(V.RouteServerAdvertised(1)) < order.IndexOf(V.RouteServerLearned(0)));
        Assert.True(order.IndexOf(V.RouteServerLearned(1)) < order.IndexOf(V.CircuitTable("primary")));
        Assert.Contains("nva-not-readvertising", explanation.Summary, StringComparison.Ordinal);
        Assert.Contains("nva-not-readvertising", explanation.LineFor(V.CircuitTable("secondary")), StringComparison.Ordinal);
        Assert.Contains(explanation.Steps, s => s.FromNodeId == NvaNode && s.Rule == HopRule.NvaSummary && !s.Carried);
    }

    [Fact]
    public async Task Once_the_nva_summarises_the_new_segment_it_explains_as_present_everywhere()
    {
        var explanation = (await ExplainerAt(26.5)).Explain(NewSegment.Subnet);
        Assert.True(explanation.IsHealthy, explanation.Summary);
        Assert.Equal(HopStatus.Present, explanation.Hop(V.CircuitTable("primary"))!.Status);
        Assert.Contains(NvaVdiSummary.ToString(), explanation.Hop(V.CircuitTable("primary"))!.Via, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(14.5)]
    [InlineData(33.3)]
    public async Task A_quiet_moment_explains_every_prefix_without_a_break(double hours)
    {
        var explainer = await ExplainerAt(hours);
        var broken = explainer.ExplainAll().Where(e => !e.IsHealthy && e.Prefix != NewSegment.Subnet).Select(e => e.Summary).ToArray();
        Assert.Empty(broken);
    }

    [Fact]
    public async Task The_story_s_other_events_explain_as_what_they_are()
    {
        // The secondary path loses its on-prem session.
        var lost = (await ExplainerAt(2.2)).Explain(IpPrefix.Parse("10.10.0.0/16"));
        Assert.Equal((V.CircuitTable("secondary"), ReasonCode.BgpSessionDown), (lost.FirstBreak!.VantageId, lost.FirstBreak.Reason!.Code));

        // The default route is back on IN_0 only.
        var halfway = (await ExplainerAt(9.4)).Explain(DefaultRoute);
        Assert.Equal((V.RouteServerLearned(1), ReasonCode.NotOriginated), (halfway.FirstBreak!.VantageId, halfway.FirstBreak.Reason!.Code));

        // Withdrawn on both: asked about the NVA's default route, nothing announces it.
        var withdrawn = (await ExplainerAt(9.1)).Explain(DefaultRoute, new OriginHint(OriginKind.Nva));
        Assert.Equal(ReasonCode.NotOriginated, withdrawn.FirstBreak!.Reason!.Code);

        // ARM throttles the secondary table: unknown, not absent.
        var throttled = (await ExplainerAt(17.1)).Explain(IpPrefix.Parse("10.10.0.0/16"));
        Assert.Equal((V.CircuitTable("secondary"), HopStatus.Unknown, ReasonCode.SourceUnknown),
            (throttled.FirstBreak!.VantageId, throttled.FirstBreak.Status, throttled.FirstBreak.Reason!.Code));

        // The branch prefix is withdrawn for good.
        var branch = (await ExplainerAt(14.5)).Explain(BranchPrefix, new OriginHint(OriginKind.OnPrem));
        Assert.Equal((V.CircuitTable("primary"), ReasonCode.NotOriginated), (branch.FirstBreak!.VantageId, branch.FirstBreak.Reason!.Code));
    }
}
