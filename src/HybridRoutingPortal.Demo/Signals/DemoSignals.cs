using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;
using static HybridRoutingPortal.Demo.ContosoEstate;
using V = HybridRoutingPortal.Demo.RoutePropagation.Vantages;

namespace HybridRoutingPortal.Demo.Signals;

/// <summary>
/// The demo's fast lane: the series Azure would give for the Contoso estate (<see cref="ContosoMetrics"/>), sampled
/// from the scenario every 15 s, landing <see cref="Delay"/> later, so the newest point is partial as in Azure.
/// </summary>
public sealed class DemoSignals(DemoScenario scenario, TimeSpan? delay = null)
{
    public TimeSpan Delay { get; } = delay ?? TimeSpan.FromMinutes(2);

    private sealed record Definition(SignalSeries Series, MetricResource Resource, string Metric, Func<IReadOnlyDictionary<string, string>, bool> Matches, double Scale = 1);

    private static readonly IReadOnlyList<Definition> Definitions = Build();

    public static IReadOnlyList<SignalSeries> Series => Definitions.Select(d => d.Series).ToArray();

    public SignalRead Read(SignalRequest request)
    {
        var samples = new Dictionary<DateTimeOffset, IReadOnlyList<MetricSample>>();
        IReadOnlyList<MetricSample> SamplesAt(DateTimeOffset t) =>
            samples.TryGetValue(t, out var s) ? s : samples[t] = ContosoMetrics.At(scenario.At(t));

        var observations = Definitions.Select(d =>
        {
            var grain = d.Series.Grain;
            var points = MetricSampling.Points(
                t => SamplesAt(t).Where(x => x.Resource == d.Resource && x.Metric == d.Metric && d.Matches(x.Dimensions)).Select(x => (double?)x.Value).Max() is { } v ? v * d.Scale : null,
                request.Now - SignalPoints.Lookback(grain, request.Latency), request.Now, grain, request.Now - Delay,
                d.Series.Kind == SignalKind.Session && d.Resource == MetricResource.Circuit ? MetricAggregation.Average : MetricAggregation.Maximum);
            var (complete, partial) = SignalPoints.Split(points.Select(p => (p.At, p.Value)), grain, request);
            return new SignalObservation(d.Series, complete, partial);
        }).ToArray();
        return new SignalRead(request.Now, Series, observations, [], Requests: 3);
    }

    private static IReadOnlyList<Definition> Build()
    {
        var list = new List<Definition>();
        for (var i = 0; i < 2; i++)
        {
            var instance = ContosoMetrics.RouteServerMetricInstances[i];
            bool Peer(IReadOnlyDictionary<string, string> d) => d[MonitorMetrics.RouteServerInstance] == instance && d[MonitorMetrics.BgpPeerIp] == NvaIp;
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(RouteServerId, MonitorMetrics.BgpPeerStatus, instance, NvaIp), SignalKind.Session,
                $"rs-hub-weu ↔ NVA fw01 · {instance}", [V.RouteServerLearned(i), V.RouteServerAdvertised(i)], "bgp/" + NvaConnectionName, instance, MonitorMetrics.RouteServerGrain),
                MetricResource.RouteServer, MonitorMetrics.BgpPeerStatus, Peer));
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(RouteServerId, MonitorMetrics.RoutesLearnedFromPeer, instance, NvaIp), SignalKind.RoutesLearned,
                $"rs-hub-weu ← NVA fw01 · {instance} · routes learned", [V.RouteServerLearned(i)], null, instance, MonitorMetrics.RouteServerGrain),
                MetricResource.RouteServer, MonitorMetrics.RoutesLearnedFromPeer, Peer));
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(RouteServerId, MonitorMetrics.RoutesAdvertisedToPeer, instance, NvaIp), SignalKind.RoutesAdvertised,
                $"rs-hub-weu → NVA fw01 · {instance} · routes advertised", [V.RouteServerAdvertised(i)], null, instance, MonitorMetrics.RouteServerGrain),
                MetricResource.RouteServer, MonitorMetrics.RoutesAdvertisedToPeer, Peer));
        }

        foreach (var path in CircuitPaths.Both)
        {
            var peer = ContosoMetrics.PeerName(path);
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(CircuitId, MonitorMetrics.BgpAvailability, "private", path.ArmName()), SignalKind.Session,
                $"{CircuitName} · on-prem eBGP {path.ArmName()}", [V.CircuitTable(path.ArmName())], path == CircuitPath.Primary ? "bgp/onprem-primary" : "bgp/onprem-secondary",
                path.ArmName(), MonitorMetrics.CircuitGrain),
                MetricResource.Circuit, MonitorMetrics.BgpAvailability, d => d[MonitorMetrics.Peer] == peer, Scale: 0.01));
        }

        foreach (var peer in OnPremMsee.Concat(AvsMsee).Concat(RouteServerIps))
        {
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(GatewayId, MonitorMetrics.GatewayRoutesLearned, peer), SignalKind.RoutesLearned,
                $"ergw-hub-weu ← {peer} · routes learned", [V.GatewayLearned], null, peer, MonitorMetrics.GatewayGrain),
                MetricResource.Gateway, MonitorMetrics.GatewayRoutesLearned, d => d[MonitorMetrics.BgpPeerAddress] == peer));
        }

        foreach (var msee in OnPremMsee.Concat(AvsMsee))
        {
            list.Add(new(new SignalSeries(MonitorMetrics.SeriesId(GatewayId, MonitorMetrics.GatewayRoutesAdvertised, msee), SignalKind.RoutesAdvertised,
                $"ergw-hub-weu → {msee} · routes advertised", [V.GatewayAdvertised(msee)], null, msee, MonitorMetrics.GatewayGrain),
                MetricResource.Gateway, MonitorMetrics.GatewayRoutesAdvertised, d => d[MonitorMetrics.BgpPeerAddress] == msee));
        }

        return list;
    }
}
