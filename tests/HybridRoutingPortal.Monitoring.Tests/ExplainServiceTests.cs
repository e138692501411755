using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Graph;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>The demo's polls written into a real store at chosen moments, as the collection cycle stores them (failed collectors as failed polls).</summary>
internal static class DemoStore
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(double hours) => Epoch + TimeSpan.FromHours(hours);

    public static async Task SeedAsync(RouteStore store, params double[] hours)
    {
        var source = new DemoSource(new DemoScenario(Epoch), TimeProvider.System);
        foreach (var at in hours.Select(At))
        {
            var plan = await source.PlanAtAsync(at, CancellationToken.None);
            await store.RegisterAsync(plan.VantagePoints, plan.Topology, at, CancellationToken.None);
            foreach (var collector in plan.Collectors)
            {
                try
                {
                    await store.IngestAsync(await collector.CollectAsync(at, CancellationToken.None), CancellationToken.None);
                }
                catch (CollectionException ex)
                {
                    await store.IngestAsync(collector.VantageIds.Select(id => Observation.Failed(id, at, ex.Reason, ex.Message)).ToArray(), CancellationToken.None);
                }
            }
        }
    }
}

/// <summary>The explain service over a real store: what it reads, what it treats as unknown, and when it reuses what it built.</summary>
public sealed class ExplainServiceTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly StoreEvents _events = new();
    private ExplainService _explain = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _explain = new ExplainService(_db.Queries, _events);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task The_new_avs_segment_read_from_the_store_stops_where_the_nva_does_not_readvertise_it()
    {
        await DemoStore.SeedAsync(_db.Store, 0, 23.5);
        var explanation = await _explain.ExplainAsync(ContosoEstate.NewSegment.Subnet, DemoStore.At(23.6), null, CancellationToken.None);

        Assert.Equal(DemoStore.At(23.6), explanation.At);
        Assert.Equal(OriginKind.Avs, explanation.Origin!.Kind);
        Assert.Equal(HopStatus.Present, explanation.Hop(V.AvsSegments)!.Status);
        Assert.Equal(HopStatus.Present, explanation.Hop(V.GatewayLearned)!.Status);
        Assert.Equal(HopStatus.Present, explanation.Hop(V.RouteServerAdvertised(0))!.Status);
        var first = explanation.FirstBreak!;
        Assert.Equal((V.RouteServerLearned(0), ReasonCode.NvaNotReadvertising), (first.VantageId, first.Reason!.Code));
        var primary = explanation.Hop(V.CircuitTable("primary"))!;
        Assert.Equal(HopStatus.DefaultOnly, primary.Status);
        Assert.Contains("Global Reach", primary.Reason!.Suggestion, StringComparison.Ordinal);
        Assert.Contains("nva-not-readvertising", explanation.LineFor(V.CircuitTable("primary")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_poll_on_the_path_is_unknown_with_its_failure_never_absent()
    {
        // 17:05: the secondary circuit table is throttled; its last good poll (17:00 is already inside the window, so 16:55) is carried.
        await DemoStore.SeedAsync(_db.Store, 16.9, 17.1);
        var explanation = await _explain.ExplainAsync(IpPrefix.Parse("10.201.10.0/24"), DemoStore.At(17.1), new OriginHint(OriginKind.Avs), CancellationToken.None);

        var secondary = explanation.Hop(V.CircuitTable("secondary"))!;
        Assert.Equal(HopStatus.Unknown, secondary.Status);
        Assert.Equal(ReasonCode.SourceUnknown, secondary.Reason!.Code);
        Assert.Contains(secondary.Reason.Evidence, e => e.Text.Contains("429", StringComparison.Ordinal));
        Assert.Equal(HopStatus.Present, explanation.Hop(V.CircuitTable("primary"))!.Status);
    }

    [Fact]
    public async Task A_vantage_point_never_polled_by_the_moment_is_unknown()
    {
        var at = DemoStore.At(1);
        var plan = await new DemoSource(new DemoScenario(DemoStore.Epoch), TimeProvider.System).PlanAtAsync(at, CancellationToken.None);
        await _db.Store.RegisterAsync(plan.VantagePoints, plan.Topology, at, CancellationToken.None);
        foreach (var collector in plan.Collectors.Where(c => !c.VantageIds.Contains(V.CircuitTable("primary"))))
        {
            await _db.Store.IngestAsync(await collector.CollectAsync(at, CancellationToken.None), CancellationToken.None);
        }

        var explanation = await _explain.ExplainAsync(IpPrefix.Parse("10.201.10.0/24"), at, null, CancellationToken.None);
        var primary = explanation.Hop(V.CircuitTable("primary"))!;
        Assert.Equal((HopStatus.Unknown, ReasonCode.SourceUnknown), (primary.Status, primary.Reason!.Code));
    }

    [Fact]
    public async Task The_live_explainer_is_built_once_and_rebuilt_only_after_a_store_is_announced()
    {
        await DemoStore.SeedAsync(_db.Store, 0, 1);
        var now = DemoStore.At(1.01);
        var live = await _explain.ExplainerAtAsync(now, CancellationToken.None);

        // Later moments with nothing newer stored: the same explainer, each explanation stamped with the moment asked.
        Assert.Same(live, await _explain.ExplainerAtAsync(now, CancellationToken.None));
        Assert.Same(live, await _explain.ExplainerAtAsync(now.AddMinutes(3), CancellationToken.None));
        Assert.Equal(now.AddMinutes(3), live.Explain(ContosoEstate.DefaultRoute, now.AddMinutes(3)).At);

        // A past moment is another state of the store: its own explainer, kept too.
        var past = await _explain.ExplainerAtAsync(DemoStore.At(0.5), CancellationToken.None);
        Assert.NotSame(live, past);
        Assert.Same(past, await _explain.ExplainerAtAsync(DemoStore.At(0.5), CancellationToken.None));

        // New polls, announced: nothing kept is reused.
        await DemoStore.SeedAsync(_db.Store, 1.05);
        _events.RaiseStored();
        var after = await _explain.ExplainerAtAsync(DemoStore.At(1.06), CancellationToken.None);
        Assert.NotSame(live, after);
        Assert.NotSame(past, await _explain.ExplainerAtAsync(DemoStore.At(0.5), CancellationToken.None));
    }

    [Fact]
    public async Task A_built_explainer_holds_later_moments_only_when_nothing_newer_was_stored()
    {
        await DemoStore.SeedAsync(_db.Store, 0, 1, 2);
        var past = await _explain.ExplainerAtAsync(DemoStore.At(1.5), CancellationToken.None);
        Assert.False(past.Holds(DemoStore.At(2.5))); // the 02:00 polls lie between
        var live = await _explain.ExplainerAtAsync(DemoStore.At(2.5), CancellationToken.None);
        Assert.True(live.Holds(DemoStore.At(3)));
        Assert.False(live.Holds(DemoStore.At(2.2)));
    }

    [Fact]
    public async Task The_trace_is_the_explanations_path_with_the_break_its_reason_and_drawable_nodes_and_edges()
    {
        await DemoStore.SeedAsync(_db.Store, 0, 23.5);
        var at = DemoStore.At(23.6);
        var topology = (await _db.Queries.TopologyAtAsync(at, CancellationToken.None))!;
        var trace = ExplanationTrace.From(await _explain.ExplainAsync(ContosoEstate.NewSegment.Subnet, at, null, CancellationToken.None), topology);

        Assert.Equal(V.AvsSegments, trace.Hops[0].VantageId);
        Assert.Equal(V.RouteServerLearned(0), trace.Break!.VantageId);
        Assert.Equal("nva-not-readvertising", trace.Break.Reason!.Code);
        Assert.Contains("Widen", trace.Break.Reason.Suggestion, StringComparison.Ordinal);
        Assert.Contains(trace.Break.Reason.Evidence, e => e.Text.Contains(ContosoEstate.NvaSummaries[0].ToString(), StringComparison.Ordinal));
        Assert.StartsWith($"{ContosoEstate.NewSegment.Subnet} from AVS segment", trace.Verdict, StringComparison.Ordinal);
        Assert.Contains($"stops at {trace.Break.Name} (default): nva-not-readvertising.", trace.Verdict, StringComparison.Ordinal);

        // The path as the graph draws it: from the private cloud, through the NVA (where the model stops it), to the on-prem circuit.
        var path = trace.Path!;
        var nodeIds = topology.Nodes.Select(n => n.Id).ToHashSet();
        Assert.Equal(trace.Origin!.NodeId, path.NodeIds[0]);
        Assert.All(path.NodeIds, id => Assert.Contains(id, nodeIds));
        // Path order: the hairpin through the NVA comes before the on-prem circuit it never reaches.
        var order = path.NodeIds.ToList();
        var circuit = topology.Nodes.Single(n => n.Kind == NodeKind.ExpressRouteCircuit && string.Equals(n.ResourceId, ContosoEstate.CircuitId, StringComparison.OrdinalIgnoreCase)).Id;
        Assert.True(order.IndexOf(ContosoEstate.NvaNode) > 0 && order.IndexOf(ContosoEstate.NvaNode) < order.IndexOf(circuit), string.Join(" > ", order));
        Assert.Equal(trace.Break.NodeId, path.BreakNodeId);
        Assert.Contains(path.Steps, s => s.From == ContosoEstate.NvaNode && s.Rule == HopRule.NvaSummary && !s.Carried);
        var linkIds = topology.Links.Select(l => l.Id).ToHashSet();
        Assert.NotEmpty(path.EdgeIds);
        Assert.All(path.EdgeIds, id => Assert.Contains(id, linkIds));
        Assert.Contains("bgp/" + ContosoEstate.NvaConnectionName, path.EdgeIds);
    }

    [Fact]
    public async Task A_missing_prefix_notification_line_and_the_alert_page_explain_the_alerts_vantage_point()
    {
        await DemoStore.SeedAsync(_db.Store, 0, 23.5);
        var at = DemoStore.At(23.5);
        var alerts = new AlertStore(_db.Factory);
        var catalog = new ExpectationCatalog(alerts, Create(new AlertOptions()));
        var vantages = await _db.Queries.VantagePointsAsync(CancellationToken.None);
        var expectations = await catalog.AllAsync(at, vantages, new Alerts.StoredRouteTables(_db.Queries, at), CancellationToken.None);
        var onPrem = expectations.Single(e => e.Prefix == ContosoEstate.NewSegment.Subnet && e.VantageIds.Contains(V.CircuitTable("primary")));
        var key = $"{MissingPrefixRule.RuleName}|{onPrem.Id}|{V.CircuitTable("primary")}";
        var status = new AlertStatus(AlertState.Firing, 3, 0, at, at, null);
        AlertUpdate Update(string k, string rule) => new(k, rule, onPrem.Id, V.CircuitTable("primary"), AlertSeverity.Critical, "t", "d", status, new AlertTransition(AlertState.Pending, AlertState.Firing, at), at);

        var lines = await new MissingPrefixReasons(_explain, NullLogger<MissingPrefixReasons>.Instance)
            .LinesAsync([Update(key, MissingPrefixRule.RuleName), Update("other", BgpSessionRule.RuleName)], expectations, at, CancellationToken.None);
        var line = Assert.Single(lines);
        Assert.Equal(key, line.Key);
        Assert.StartsWith($"{ContosoEstate.NewSegment.Subnet} at ", line.Value, StringComparison.Ordinal);
        Assert.Contains("(default): nva-not-readvertising — ", line.Value, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Value);

        // The alert page: the same reason at the alert's vantage point, for the expectation behind it.
        await alerts.ApplyAsync([Update(key, MissingPrefixRule.RuleName)], CancellationToken.None);
        var alert = (await alerts.AlertsAsync(null, CancellationToken.None)).Single();
        var explained = (await new AlertExplainer(_explain, catalog, _db.Queries, new FakeTimeProvider(DemoStore.At(23.55))).ForAsync(alert, CancellationToken.None))!;
        Assert.True(explained.Live);
        Assert.Equal(onPrem.Id, explained.Expectation.Id);
        Assert.Equal(ReasonCode.NvaNotReadvertising, explained.Hop!.Reason!.Code);
        Assert.Equal(explained.Explanation.LineFor(V.CircuitTable("primary")), explained.Line);
    }

    [Fact]
    public async Task An_empty_store_explains_that_nothing_originates_the_prefix()
    {
        var explanation = await _explain.ExplainAsync(IpPrefix.Parse("10.0.0.0/8"), DemoStore.At(1), null, CancellationToken.None);
        Assert.Null(explanation.Origin);
        Assert.Empty(explanation.Hops);
        Assert.Equal("10.0.0.0/8: nothing in the estate originates it.", ExplanationTrace.From(explanation, Topology.Empty).Verdict);
    }

    [Fact]
    public void Origin_hints_follow_what_each_derived_expectation_knows()
    {
        Assert.Equal(OriginKind.Avs, OriginHints.For(ExpectationSource.AvsSegment)!.Kind);
        Assert.Equal(OriginKind.Avs, OriginHints.For(ExpectationSource.AvsManagementBlock)!.Kind);
        Assert.Equal(OriginKind.OnPrem, OriginHints.For(ExpectationSource.OnPremPrefix)!.Kind);
        Assert.Equal(OriginKind.Nva, OriginHints.For(ExpectationSource.DefaultRoute)!.Kind);
        Assert.Null(OriginHints.For(ExpectationSource.User));
    }
}
