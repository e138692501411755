using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Signals;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Monitoring.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// The two lanes together, on a scripted estate, the real cycle, store, alert engine and fast lane, a test clock:
/// a signal sets off a read of just the vantage points it concerns and the lifecycle's consecutive polls are met in
/// seconds; a signal that is late, partial, missing or failing changes nothing on its own; a flapping session is one alert.
/// </summary>
public sealed class TwoSpeedTests : IAsyncLifetime
{
    private static readonly IpPrefix P1 = IpPrefix.Parse("10.10.0.0/16");
    private static readonly IpPrefix P2 = IpPrefix.Parse("10.20.0.0/16");
    private const string V = "/subscriptions/s/rg/providers/Microsoft.Network/virtualHubs/rs/bgpConnections/nva#learned/routeservicerole_in_0";
    private const string W = "/subscriptions/s/rg/providers/Microsoft.Network/virtualNetworkGateways/gw#learned";
    private const string Link = "bgp/nva";

    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 30, TimeSpan.Zero));
    private readonly ScriptedEstate _estate = new();
    private ServiceProvider _services = default!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _services = PortalServices.Build(_db, _clock,
            new RoutingOptions { MaxConcurrency = 4, PollInterval = TimeSpan.FromMinutes(5), Signals = new SignalOptions { MetricsLatency = TimeSpan.FromMinutes(2) } },
            alerts: new AlertOptions { FireAfter = 2, ResolveAfter = 2, DerivedExpectations = false });
        _estate.Routes[V] = [Route(P1), Route(P2)];
        _estate.Routes[W] = [Route(P1)];
        await Alerts.AddExpectationsAsync(
        [
            new Expectation("p2-at-v", "P2 reaches Route Server", P2, [V], AlertSeverity.Critical, "test", ExpectationSource.User, "test"),
            new Expectation("p2-at-w", "P2 reaches the gateway", P2, [W], AlertSeverity.Critical, "test", ExpectationSource.User, "test"),
        ], _clock.GetUtcNow(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private AlertStore Alerts => _services.GetRequiredService<AlertStore>();

    private TwoSpeedRunner Runner => _services.GetRequiredService<TwoSpeedRunner>();

    private CollectionCycle Cycle => _services.GetRequiredService<CollectionCycle>();

    private static Route Route(IpPrefix p) => new(p, "10.0.0.4", AsPath.Parse("65001"), "EBgp");

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Two full cycles: W's missing P2 fires and the down session fires (the safety net's own alerts), then a signal baseline.</summary>
    private async Task StartAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            await Cycle.RunAsync(_estate, CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(5));
        }

        _estate.Count = 2;
        await Runner.RunDueAsync(_estate, CancellationToken.None);
        Assert.Equal(0, Runner.Reads.Pending);
    }

    private async Task<AlertInfo?> AlertAsync(string key) => (await Alerts.AlertsAsync(null, CancellationToken.None)).SingleOrDefault(a => a.Key == key);

    [Fact]
    public async Task A_count_drop_reads_just_its_vantage_point_at_once_and_the_alert_fires_after_the_confirming_read()
    {
        await StartAsync();
        var reads = _estate.ReadsOf(V);
        var readsOfW = _estate.ReadsOf(W);
        var safetyNet = await AlertAsync($"{MissingPrefixRule.RuleName}|p2-at-w|{W}");
        var session = await AlertAsync($"{BgpSessionRule.RuleName}|{Link}");
        Assert.Equal((AlertState.Firing, AlertState.Firing), (safetyNet?.State, session?.State));

        // P2 is withdrawn at V; a minute later Azure Monitor's count of routes learned drops from 2 to 1.
        _estate.Routes[V] = [Route(P1)];
        _clock.Advance(TimeSpan.FromMinutes(1));
        _estate.Count = 1;
        await Runner.RunDueAsync(_estate, CancellationToken.None);

        Assert.Equal(reads + 1, _estate.ReadsOf(V));
        Assert.Equal(readsOfW, _estate.ReadsOf(W));
        var key = $"{MissingPrefixRule.RuleName}|p2-at-v|{V}";
        Assert.Equal(AlertState.Pending, (await AlertAsync(key))?.State);

        // The confirming read, seconds later: the second consecutive Ok poll without P2 fires it.
        Assert.Equal(TimeSpan.FromSeconds(15), Runner.NextDueAt - Now);
        _clock.Advance(Runner.NextDueAt - Now);
        await Runner.RunDueAsync(_estate, CancellationToken.None);
        var fired = await AlertAsync(key);
        Assert.Equal(AlertState.Firing, fired?.State);
        Assert.Equal(reads + 2, _estate.ReadsOf(V));
        Assert.True(fired!.FiredAt - fired.Since <= TimeSpan.FromSeconds(15), $"pending {fired.Since}, fired {fired.FiredAt}");
        Assert.Equal(readsOfW, _estate.ReadsOf(W));

        // The targeted reads neither moved nor resolved what they did not read: W's alert, the topology's session alert.
        Assert.Equal(AlertState.Firing, (await AlertAsync(safetyNet!.Key))?.State);
        Assert.Equal(safetyNet.LastEvaluatedAt, (await AlertAsync(safetyNet.Key))?.LastEvaluatedAt);
        var sessionAfter = await AlertAsync(session!.Key);
        Assert.Equal((AlertState.Firing, session.LastEvaluatedAt), (sessionAfter?.State, sessionAfter?.LastEvaluatedAt));
        Assert.Equal(0, Runner.Reads.Pending);
    }

    [Fact]
    public async Task A_metric_that_is_late_missing_failing_or_partial_changes_nothing_on_its_own()
    {
        await StartAsync();
        var before = await Snapshot();

        // Late: the next read brings no new final point (the minute has not landed yet).
        _estate.Late = true;
        await ReadAfterAMinuteAsync();
        // Missing: the answer has no series for V at all.
        _estate.Late = false;
        _estate.Missing = true;
        await ReadAfterAMinuteAsync();
        // Failing: the metrics of the resource could not be read.
        _estate.Missing = false;
        _estate.Failing = true;
        await ReadAfterAMinuteAsync();
        _estate.Failing = false;

        Assert.Equal(before, await Snapshot());

        // Partial: the newest point, still landing, shows a drop (and the session down) while the tables did not move.
        // It may ask for a read of V; it never becomes history, moves no alert, and the read finds the table as it was.
        _estate.PartialCount = 1;
        _estate.PartialSessionDown = true;
        await ReadAfterAMinuteAsync();
        while (Runner.Reads.Pending > 0)
        {
            _clock.Advance(Runner.NextDueAt - Now);
            await Runner.RunDueAsync(_estate, CancellationToken.None);
        }

        var after = await Snapshot();
        Assert.Equal(before.Alerts, after.Alerts);
        Assert.Equal(before.Signals, after.Signals);
        Assert.Equal(before.Routes, after.Routes);
        Assert.Null(await AlertAsync($"{SessionSignalRule.RuleName}|{ScriptedEstate.SessionSeries.Id}"));
    }

    [Fact]
    public async Task A_session_flapping_in_the_metrics_without_a_route_change_is_one_alert_not_a_storm()
    {
        await StartAsync();
        var reads = _estate.ReadsOf(V);
        for (var minute = 0; minute < 8; minute++)
        {
            _estate.SessionUp = minute % 2 == 1;
            await ReadAfterAMinuteAsync();
            while (Runner.Reads.Pending > 0)
            {
                _clock.Advance(Runner.NextDueAt - Now);
                await Runner.RunDueAsync(_estate, CancellationToken.None);
            }
        }

        var alerts = (await Alerts.AlertsAsync(null, CancellationToken.None)).Where(a => a.Rule == SessionSignalRule.RuleName).ToArray();
        var alert = Assert.Single(alerts);
        Assert.Equal(AlertState.Firing, alert.State);
        Assert.Equal(["Firing"], (await Alerts.EventsAsync(alert.Id, CancellationToken.None)).Select(e => e.Kind));
        // Every flip asked for a read, but no more sequences than the hourly cap allows (three reads each: one and two confirmations at most).
        Assert.InRange(_estate.ReadsOf(V) - reads, 1, new SignalOptions().MaxTriggersPerHour * 3);
        Assert.DoesNotContain(await Alerts.AlertsAsync(null, CancellationToken.None), a => a.Rule == MissingPrefixRule.RuleName && a.VantageId == V);

        // Up and staying up through the hold-down: the one alert resolves, once.
        _estate.SessionUp = true;
        for (var minute = 0; minute < 12; minute++)
        {
            await ReadAfterAMinuteAsync();
        }

        alert = (await AlertAsync(alert.Key))!;
        Assert.Equal(AlertState.Resolved, alert.State);
        Assert.Equal(["Firing", "Resolved"], (await Alerts.EventsAsync(alert.Id, CancellationToken.None)).Select(e => e.Kind));
    }

    [Fact]
    public async Task Signal_history_keeps_changes_only_and_feeds_the_topology_session_timeline()
    {
        await StartAsync();
        for (var minute = 0; minute < 5; minute++)
        {
            _estate.SessionUp = minute != 2;
            await ReadAfterAMinuteAsync();
        }

        var signals = _services.GetRequiredService<SignalStore>();
        var history = await signals.HistoryAsync(new SignalFilter(LinkId: Link), Now.AddHours(-1), Now, CancellationToken.None);
        var session = Assert.Single(history);
        Assert.Equal([1.0, 0.0, 1.0], session.Values.Select(v => v.Value));
        var counts = Assert.Single(await signals.HistoryAsync(new SignalFilter(VantageId: V, Kind: SignalKind.RoutesLearned), Now.AddHours(-1), Now, CancellationToken.None));
        Assert.Single(counts.Values);

        var topology = _services.GetRequiredService<HybridRoutingPortal.Monitoring.Graph.TopologyService>();
        var edge = (await topology.GetAsync(Now, null, null, CancellationToken.None)).Edges.Single(e => e.Id == Link);
        var timeline = Assert.Single(edge.Sessions!);
        Assert.Equal([BgpState.Connected, BgpState.NotConnected, BgpState.Connected], timeline.Spans.Select(s => s.State));
        Assert.Equal(1, timeline.Downs);
        Assert.Null(timeline.Spans[^1].To);
    }

    private async Task ReadAfterAMinuteAsync()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));
        await Runner.RunDueAsync(_estate, CancellationToken.None);
    }

    private sealed record State(string Alerts, string Signals, string Routes, string Vantages);

    private async Task<State> Snapshot()
    {
        var alerts = await Alerts.AlertsAsync(null, CancellationToken.None);
        var signals = await _services.GetRequiredService<SignalStore>().StatesAsync(CancellationToken.None);
        var vantages = await _db.Queries.VantagePointsAsync(CancellationToken.None);
        return new State(
            string.Join(";", alerts.OrderBy(a => a.Key).Select(a => $"{a.Key}={a.State}@{a.LastEvaluatedAt:O}")),
            string.Join(";", signals.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value.Value}@{s.Value.ChangedAt:O}")),
            string.Join(";", vantages.OrderBy(v => v.Id).Select(v => $"{v.Id}={v.RouteCount}")),
            string.Join(";", vantages.OrderBy(v => v.Id).Select(v => $"{v.Id}@{v.LastPolledAt:O}")));
    }

    /// <summary>
    /// Two vantage points (V at Route Server, W at the gateway), a BGP session the topology reports down, and Azure
    /// Monitor's twin: V's learned-routes count and the session's status, one final point a minute, two minutes late.
    /// </summary>
    private sealed class ScriptedEstate : IRoutingSource, ISignalSource
    {
        public static readonly SignalSeries CountSeries = new("rs|countofrouteslearnedfrompeer|in_0|10.0.0.4", SignalKind.RoutesLearned, "rs ← nva · IN_0", [V], null, "IN_0", TimeSpan.FromMinutes(1));
        public static readonly SignalSeries SessionSeries = new("rs|bgppeerstatus|in_0|10.0.0.4", SignalKind.Session, "rs ↔ nva · IN_0", [V], Link, "IN_0", TimeSpan.FromMinutes(1));

        private readonly Dictionary<string, int> _reads = [];
        private readonly List<SignalPoint> _counts = [];
        private readonly List<SignalPoint> _sessions = [];

        public Dictionary<string, List<Route>> Routes { get; } = [];

        public int Count { get; set; } = 2;

        public bool SessionUp { get; set; } = true;

        public bool Late { get; set; }

        public bool Missing { get; set; }

        public bool Failing { get; set; }

        public int? PartialCount { get; set; }

        public bool PartialSessionDown { get; set; }

        public string Name => "Scripted";

        public int ReadsOf(string vantage)
        {
            lock (_reads)
            {
                return _reads.GetValueOrDefault(vantage);
            }
        }

        public Task<SourcePlan> PlanAsync(CancellationToken cancellationToken) => Task.FromResult(new SourcePlan(
            [
                new VantagePoint(V, VantageKind.RouteServerLearned, "rs ← nva · IN_0", "rs", "/subscriptions/s/rs", "nva", "RouteServiceRole_IN_0"),
                new VantagePoint(W, VantageKind.GatewayLearned, "gw · learned", "gw", "/subscriptions/s/gw"),
            ],
            new Topology(
                [new TopologyNode("rs", NodeKind.RouteServer, "rs"), new TopologyNode("nva", NodeKind.Nva, "nva")],
                [new TopologyLink(Link, LinkKind.BgpSession, "rs", "nva", "eBGP nva", BgpState.Idle)]),
            [new Collector(this, V), new Collector(this, W)]));

        public Task<SignalRead> ReadSignalsAsync(SignalRequest request, CancellationToken cancellationToken)
        {
            // One final point per minute, stamped at the minute that is final now (its grain ended and the latency passed).
            var final = MinuteStart(request.Now - request.Latency) - TimeSpan.FromMinutes(1);
            if (!Late && (_counts.Count == 0 || _counts[^1].At < final))
            {
                _counts.Add(new SignalPoint(final, Count));
                _sessions.Add(new SignalPoint(final, SessionUp ? 1 : 0));
            }

            var series = new[] { CountSeries, SessionSeries };
            if (Failing)
            {
                return Task.FromResult(new SignalRead(request.Now, series, [],
                    [new SignalFailure("/subscriptions/s/rs", FailureReason.ServerError, "Metrics_List answered 500.", [CountSeries.Id, SessionSeries.Id])], 1));
            }

            if (Missing)
            {
                return Task.FromResult(new SignalRead(request.Now, series, [], [], 1));
            }

            var partialAt = final + TimeSpan.FromMinutes(1);
            return Task.FromResult(new SignalRead(request.Now, series,
            [
                new SignalObservation(CountSeries, _counts.TakeLast(5).ToArray(), PartialCount is { } c ? new SignalPoint(partialAt, c) : null),
                new SignalObservation(SessionSeries, _sessions.TakeLast(5).ToArray(), PartialSessionDown ? new SignalPoint(partialAt, 0) : null),
            ], [], 1));
        }

        private static DateTimeOffset MinuteStart(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

        private sealed class Collector(ScriptedEstate estate, string vantage) : ICollector
        {
            public IReadOnlyList<string> VantageIds => [vantage];

            public Task<IReadOnlyList<Observation>> CollectAsync(DateTimeOffset polledAt, CancellationToken cancellationToken)
            {
                lock (estate._reads)
                {
                    estate._reads[vantage] = estate._reads.GetValueOrDefault(vantage) + 1;
                }

                return Task.FromResult<IReadOnlyList<Observation>>([Observation.Ok(vantage, polledAt, estate.Routes[vantage].ToArray())]);
            }
        }
    }
}
