using System.Collections.Concurrent;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Signals;

namespace HybridRoutingPortal.Azure.Metrics;

/// <summary>
/// The fast lane against Azure: which metric series the discovered estate has (Route Server peers per instance,
/// circuit paths, gateway peers), which resources are due (each at its metric's grain), reading them within the ARM
/// read budget ARM last reported (or in batches where the batch API is configured), and mapping the answers onto
/// vantage points and topology links. A resource whose metrics fail, or a series the answer lacks, is unknown this time.
/// </summary>
internal sealed class AzureSignals(IAzureMetricsApi metrics, Func<IReadOnlyList<RequestBudget>> budgets)
{
    // A resource read a little early is still due: reads run on a one-minute cadence, not to the second.
    private static readonly TimeSpan DueSlack = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRead = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One resource's metrics question, the series it answers, and how a returned series maps onto one of them.</summary>
    private sealed record Target(string ResourceId, string SubscriptionId, string? Region, MetricQuery Query, IReadOnlyList<SignalSeries> Series, int Priority,
        Func<string, IReadOnlyDictionary<string, string>, string?> SeriesOf, double Scale = 1);

    public async Task<SignalRead> ReadAsync(SignalRequest request, DiscoveredEstate estate, SessionState? sessions,
        IReadOnlyDictionary<string, IReadOnlyList<string>> instances, int maxConcurrency, CancellationToken ct)
    {
        var targets = Targets(estate, sessions, instances);
        var series = targets.SelectMany(t => t.Series).ToArray();
        var due = targets.Where(t => !_lastRead.TryGetValue(t.ResourceId, out var last) || request.Now - last >= t.Query.Grain - DueSlack).ToList();
        var failures = new List<SignalFailure>();
        // A batch covers one subscription, region and type, on its region's endpoint; the rest is read on ARM.
        var batched = due.Where(Batchable).ToList();
        var viaArm = due.Except(batched).ToList();
        foreach (var deferred in OverBudget(viaArm, request.BudgetShare).ToList())
        {
            viaArm.Remove(deferred);
            failures.Add(new SignalFailure(deferred.ResourceId, FailureReason.Throttled,
                "Deferred: the ARM read budget left is kept for the route-table reads (Routing:Signals:MaxReadBudgetShare).", deferred.Series.Select(s => s.Id).ToArray()));
        }

        var answers = new ConcurrentDictionary<Target, IReadOnlyList<MetricDto?>>();
        var requests = 0;
        var gate = new SemaphoreSlim(Math.Max(1, maxConcurrency));

        async Task Guarded(IReadOnlyList<Target> group, Func<Task> read)
        {
            await gate.WaitAsync(ct);
            try
            {
                Interlocked.Increment(ref requests);
                await read();
                foreach (var t in group)
                {
                    _lastRead[t.ResourceId] = request.Now;
                }
            }
            catch (CollectionException ex)
            {
                lock (failures)
                {
                    failures.AddRange(group.Select(t => new SignalFailure(t.ResourceId, ex.Reason, ex.Message, t.Series.Select(s => s.Id).ToArray())));
                }
            }
            finally
            {
                gate.Release();
            }
        }

        Window From(Target t) => new(request.Now - SignalPoints.Lookback(t.Query.Grain, request.Latency), request.Now);
        var work = batched.GroupBy(t => (t.SubscriptionId.ToLowerInvariant(), Normalized(t.Region!), t.Query))
                .SelectMany(g => g.Chunk(ArmMetricsApi.MaxBatchResources))
                .Select(chunk => Guarded(chunk, async () =>
                {
                    var w = From(chunk[0]);
                    var byId = await metrics.BatchAsync(chunk[0].SubscriptionId, chunk.Select(t => t.ResourceId).ToArray(), chunk[0].Query, w.Start, w.End, chunk.Max(Top), ct);
                    foreach (var t in chunk)
                    {
                        // A resource the batch left out is unknown, not empty.
                        if (!byId.TryGetValue(t.ResourceId.TrimEnd('/'), out var answer))
                        {
                            throw new CollectionException(FailureReason.MalformedResponse, $"The metrics batch answered nothing for {t.ResourceId}.");
                        }

                        answers[t] = answer;
                    }
                }))
            .Concat(viaArm.Select(t => Guarded([t], async () =>
            {
                var w = From(t);
                answers[t] = await metrics.ResourceAsync(t.ResourceId, t.Query, w.Start, w.End, Top(t), ct);
            })));
        await Task.WhenAll(work);

        var observations = new List<SignalObservation>();
        foreach (var (target, answer) in answers)
        {
            var (mapped, failed) = Map(target, answer, request);
            observations.AddRange(mapped);
            failures.AddRange(failed);
        }

        return new SignalRead(request.Now, series, observations, failures, requests);
    }

    private readonly record struct Window(DateTimeOffset Start, DateTimeOffset End);

    /// <summary>A resource the batch endpoint can answer: its region known, and the endpoint's (when its host names one).</summary>
    private bool Batchable(Target t) => metrics.HasBatch && !string.IsNullOrEmpty(t.Region)
        && (metrics.BatchRegion is not { } region || Normalized(t.Region).Equals(region, StringComparison.OrdinalIgnoreCase));

    /// <summary>ARM's location as the endpoint host spells it (some answers carry display names: "West Europe").</summary>
    private static string Normalized(string region) => region.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>Enough series per metric for every instance and peer (top defaults to 10 and would silently drop the rest).</summary>
    private static int Top(Target t) => Math.Max(10, 4 * t.Series.Count);

    /// <summary>
    /// The resources that would spend more than the allowed share of the reads ARM last said were left in their
    /// subscription's bucket; gateways go first, then circuits (Route Server's counts are the most telling).
    /// </summary>
    private IEnumerable<Target> OverBudget(IReadOnlyList<Target> due, double share)
    {
        var left = budgets().Where(b => b.Kind == BudgetKind.Reads && b.SubscriptionId is not null)
            .ToDictionary(b => b.SubscriptionId!, b => b.Remaining, StringComparer.OrdinalIgnoreCase);
        foreach (var group in due.GroupBy(t => t.SubscriptionId, StringComparer.OrdinalIgnoreCase))
        {
            if (!left.TryGetValue(group.Key, out var remaining))
            {
                continue;
            }

            var allowed = (int)Math.Floor(remaining * share);
            foreach (var t in group.OrderBy(t => t.Priority).Skip(Math.Max(0, allowed)))
            {
                yield return t;
            }
        }
    }

    private static (IReadOnlyList<SignalObservation>, IReadOnlyList<SignalFailure>) Map(Target target, IReadOnlyList<MetricDto?> answer, SignalRequest request)
    {
        var points = new Dictionary<string, SortedDictionary<DateTimeOffset, double?>>(StringComparer.Ordinal);
        var failures = new List<SignalFailure>();
        var returned = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var metric in answer.OfType<MetricDto>())
        {
            var name = metric.Name?.Value ?? "";
            if (metric.ErrorCode is { } code && !code.Equals("Success", StringComparison.OrdinalIgnoreCase))
            {
                var ids = target.Series.Where(s => s.Id.Split('|')[1].Equals(name, StringComparison.OrdinalIgnoreCase)).Select(s => s.Id).ToArray();
                failures.Add(new SignalFailure(target.ResourceId, FailureReason.OperationFailed, $"{name}: {code} {metric.ErrorMessage}".Trim(), ids));
                continue;
            }

            returned[name] = metric.Timeseries?.Count ?? 0;
            foreach (var ts in metric.Timeseries?.OfType<TimeSeriesDto>() ?? [])
            {
                var dims = (ts.Metadatavalues ?? []).OfType<MetadataValueDto>().Where(m => m.Name?.Value is not null && m.Value is not null)
                    .GroupBy(m => m.Name!.Value!, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.First().Value!, StringComparer.OrdinalIgnoreCase);
                if (target.SeriesOf(name, dims) is not { } id)
                {
                    continue;
                }

                var series = points.TryGetValue(id, out var p) ? p : points[id] = [];
                foreach (var point in (ts.Data ?? []).OfType<MetricValueDto>().Where(d => d.TimeStamp is not null))
                {
                    var value = target.Query.ValueOf(point) * target.Scale;
                    // Several series of one lane (a gateway's instances) fold into it by their largest value.
                    var at = point.TimeStamp!.Value.ToUniversalTime();
                    series[at] = series.TryGetValue(at, out var had) && had is { } h ? (value is { } v ? Math.Max(h, v) : h) : value;
                }
            }
        }

        var observations = new List<SignalObservation>();
        var missing = new List<string>();
        foreach (var s in target.Series)
        {
            if (points.TryGetValue(s.Id, out var p))
            {
                var (complete, partial) = SignalPoints.Split(p.Select(kv => (kv.Key, kv.Value)), s.Grain, request);
                observations.Add(new SignalObservation(s, complete, partial));
            }
            else if (!failures.Any(f => f.SeriesIds.Contains(s.Id)))
            {
                missing.Add(s.Id);
            }
        }

        if (missing.Count > 0)
        {
            var top = Top(target);
            var why = returned.Values.Any(n => n >= top)
                ? $"the answer holds {top} series (top) and may have left these out"
                : "the answer has no series for them (the peer or instance reported nothing yet)";
            failures.Add(new SignalFailure(target.ResourceId, FailureReason.MalformedResponse, $"Metrics of {missing.Count} series unknown: {why}.", missing));
        }

        return (observations, failures);
    }

    /// <summary>The estate's metric series, resource by resource.</summary>
    private static IReadOnlyList<Target> Targets(DiscoveredEstate estate, SessionState? sessions, IReadOnlyDictionary<string, IReadOnlyList<string>> instances)
    {
        var targets = new List<Target>();
        foreach (var rs in estate.RouteServers.Where(r => r.Ready))
        {
            var series = new List<SignalSeries>();
            var byKey = new Dictionary<(string Metric, string Instance, string Peer), string>();
            foreach (var connection in rs.Connections)
            {
                var link = $"bgp/{StandardVantages.Node(connection.Id)}";
                foreach (var instance in instances.GetValueOrDefault(connection.Id) ?? Collectors.ArmCollectors.DefaultInstances)
                {
                    var key = MonitorMetrics.InstanceKey(instance);
                    var learned = StandardVantages.RouteServer(connection.Id, true, instance);
                    var advertised = StandardVantages.RouteServer(connection.Id, false, instance);
                    void Add(string metric, SignalKind kind, string name, string[] vantages, string? linkId)
                    {
                        var id = MonitorMetrics.SeriesId(rs.Id, metric, key, connection.PeerIp);
                        series.Add(new SignalSeries(id, kind, name, vantages, linkId, key, MonitorMetrics.RouteServerGrain));
                        byKey[(metric.ToLowerInvariant(), key, connection.PeerIp)] = id;
                    }

                    Add(MonitorMetrics.BgpPeerStatus, SignalKind.Session, $"{rs.Name} ↔ {connection.Name} · {key}", [learned, advertised], link);
                    Add(MonitorMetrics.RoutesLearnedFromPeer, SignalKind.RoutesLearned, $"{rs.Name} ← {connection.Name} · {key} · routes learned", [learned], null);
                    Add(MonitorMetrics.RoutesAdvertisedToPeer, SignalKind.RoutesAdvertised, $"{rs.Name} → {connection.Name} · {key} · routes advertised", [advertised], null);
                }
            }

            if (series.Count > 0)
            {
                targets.Add(new Target(rs.Id, SubscriptionOf(rs.Id), rs.Region, MetricQuery.RouteServer, series, 0, (metric, dims) =>
                    dims.TryGetValue(MonitorMetrics.RouteServerInstance, out var instance) && dims.TryGetValue(MonitorMetrics.BgpPeerIp, out var peer)
                        ? byKey.GetValueOrDefault((metric.ToLowerInvariant(), MonitorMetrics.InstanceKey(instance), peer))
                        : null));
            }
        }

        foreach (var circuit in estate.Circuits.Where(c => c.PrivatePeering is not null))
        {
            var series = CircuitPaths.Both.ToDictionary(p => p, p => new SignalSeries(
                MonitorMetrics.SeriesId(circuit.Id, MonitorMetrics.BgpAvailability, "private", p.ArmName()), SignalKind.Session,
                $"{circuit.Name} · on-prem eBGP {p.ArmName()}", [StandardVantages.CircuitTable(circuit.PrivatePeering!.Id, p.ArmName())],
                $"bgp/{StandardVantages.Node(circuit.Id)}/{p.ArmName()}", p.ArmName(), MonitorMetrics.CircuitGrain));
            // BgpAvailability is a percentage; sessions carry the fraction.
            targets.Add(new Target(circuit.Id, SubscriptionOf(circuit.Id), circuit.Region, MetricQuery.Circuit, series.Values.ToArray(), 1, (metric, dims) =>
                metric.Equals(MonitorMetrics.BgpAvailability, StringComparison.OrdinalIgnoreCase)
                && dims.TryGetValue(MonitorMetrics.PeeringType, out var type) && MonitorMetrics.IsPrivatePeering(type)
                && dims.TryGetValue(MonitorMetrics.Peer, out var peer) && MonitorMetrics.PathOfPeer(peer) is { } path
                    ? series[path].Id
                    : null, Scale: 0.01));
        }

        foreach (var gateway in estate.Gateways.Where(g => g.GatewayType.Equals("ExpressRoute", StringComparison.OrdinalIgnoreCase)))
        {
            var peers = sessions?.GatewayPeers.GetValueOrDefault(gateway.Id) ?? [];
            var routeServerIps = estate.RouteServers.SelectMany(r => r.RouterIps).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var series = new List<SignalSeries>();
            var byKey = new Dictionary<(string Metric, string Peer), string>();
            foreach (var neighbor in peers.Select(p => p.Neighbor).Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var learnedId = MonitorMetrics.SeriesId(gateway.Id, MonitorMetrics.GatewayRoutesLearned, neighbor);
                var advertisedId = MonitorMetrics.SeriesId(gateway.Id, MonitorMetrics.GatewayRoutesAdvertised, neighbor);
                series.Add(new SignalSeries(learnedId, SignalKind.RoutesLearned, $"{gateway.Name} ← {neighbor} · routes learned",
                    [StandardVantages.GatewayLearned(gateway.Id)], null, neighbor, MonitorMetrics.GatewayGrain));
                // What the gateway advertises to a Route Server is not a vantage point of its own (Route Server's side shows it).
                series.Add(new SignalSeries(advertisedId, SignalKind.RoutesAdvertised, $"{gateway.Name} → {neighbor} · routes advertised",
                    routeServerIps.Contains(neighbor) ? [] : [StandardVantages.GatewayAdvertised(gateway.Id, neighbor)], null, neighbor, MonitorMetrics.GatewayGrain));
                byKey[(MonitorMetrics.GatewayRoutesLearned.ToLowerInvariant(), neighbor.ToLowerInvariant())] = learnedId;
                byKey[(MonitorMetrics.GatewayRoutesAdvertised.ToLowerInvariant(), neighbor.ToLowerInvariant())] = advertisedId;
            }

            if (series.Count > 0)
            {
                targets.Add(new Target(gateway.Id, SubscriptionOf(gateway.Id), gateway.Region, MetricQuery.Gateway, series, 2, (metric, dims) =>
                    dims.TryGetValue(MonitorMetrics.BgpPeerAddress, out var peer) ? byKey.GetValueOrDefault((metric.ToLowerInvariant(), peer.ToLowerInvariant())) : null));
            }
        }

        return targets;
    }

    private static string SubscriptionOf(string id) => id.Trim('/').Split('/') is { Length: > 1 } parts ? parts[1] : "";
}
