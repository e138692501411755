using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Health;
using HybridRoutingPortal.Monitoring.History;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Graph;

/// <summary>A topology answer with the vantage points and moments it was built from.</summary>
public sealed record TopologyReading(TopologyResponse Response, IReadOnlyList<VantageState> Vantages, IReadOnlyDictionary<string, VantageMoment> Moments);

/// <summary>
/// The topology at a moment, with health from the vantage points (unknown when their poll failed,
/// stale when old, down for a BGP session not connected), route counts, the changes since another
/// moment, and a prefix trace (the prefix's explanation: its path, where it stops and why). Shared by
/// /api/v1/topology and the Topology page.
/// </summary>
public sealed class TopologyService(RoutingQueries queries, ComparisonService comparisons, IOptions<RoutingOptions> routing, ExplainService explain, AlertStore? alerts = null, SignalStore? signals = null)
{
    /// <summary>How far back the topology's session timelines reach from the moment shown.</summary>
    public static readonly TimeSpan SessionWindow = TimeSpan.FromHours(24);

    public async Task<TopologyResponse> GetAsync(DateTimeOffset at, DateTimeOffset? compareFrom, IpPrefix? trace, CancellationToken ct) =>
        (await ReadAsync(at, compareFrom, trace, ct)).Response;

    /// <summary>The response together with the vantage points and moments it was built from, for the page's panel.</summary>
    public async Task<TopologyReading> ReadAsync(DateTimeOffset at, DateTimeOffset? compareFrom, IpPrefix? trace, CancellationToken ct)
    {
        var topology = await queries.TopologyAtAsync(at, ct) ?? Core.Topology.Empty;
        var vantages = await queries.VantagePointsAsync(ct);
        var moments = await queries.VantageMomentsAsync(at, ct);
        var byNode = vantages.ToLookup(v => v.NodeId);
        var staleAfter = routing.Value.StaleAfter;

        Dictionary<string, ChangeCountsDto>? changesByVantage = null;
        if (compareFrom is { } from)
        {
            var (start, end) = from <= at ? (from, at) : (at, from);
            changesByVantage = (await comparisons.CompareAsync(start, end, null, ct)).Diffs
                .ToDictionary(d => d.VantageId, d => new ChangeCountsDto(d.Diff.Added, d.Diff.Removed, d.Diff.Changed));
        }

        var traceDto = trace is { } p ? ExplanationTrace.From(await explain.ExplainAsync(p, at, null, ct), topology) : null;
        // Alerts firing at that moment colour their vantage points' nodes.
        var alerting = alerts is null ? [] : (await alerts.AlertsAsync(null, ct))
            .Where(a => a.FiredAt is { } f && f <= at && (a.ResolvedAt is null || a.ResolvedAt > at) && a.State is Core.Alerts.AlertState.Firing or Core.Alerts.AlertState.Resolved)
            .Select(a => a.VantageId).ToHashSet();
        var traceByNode = traceDto?.Hops.GroupBy(h => h.NodeId).ToDictionary(g => g.Key, g => Combine(g.Select(h => h.Status)));

        Freshness FreshnessOf(VantageState v) =>
            moments.TryGetValue(v.Id, out var m) ? VantageHealth.Of(m, at, staleAfter) : Freshness.Unknown;

        int Count(VantageState v) => moments.TryGetValue(v.Id, out var m) ? m.RouteCount : 0;

        ChangeCountsDto? Sum(IEnumerable<VantageState> vs)
        {
            if (changesByVantage is null)
            {
                return null;
            }

            var list = vs.Select(v => changesByVantage.GetValueOrDefault(v.Id)).OfType<ChangeCountsDto>().ToArray();
            return new ChangeCountsDto(list.Sum(c => c.Added), list.Sum(c => c.Removed), list.Sum(c => c.Changed));
        }

        var nodes = topology.Nodes.Select(n =>
        {
            var own = byNode[n.Id].ToArray();
            var health = VantageHealth.Combine(own.Select(FreshnessOf).ToArray(), own.Any(v => alerting.Contains(v.Id)));
            return new TopologyNodeDto(n.Id, n.Kind, n.Label, n.Detail, n.ResourceId, health, own.Sum(Count), Summary(own, Count),
                own.Select(v => v.Id).ToArray(), Sum(own), traceByNode?.GetValueOrDefault(n.Id));
        }).ToArray();

        var sessions = await SessionTimelinesAsync(at - SessionWindow, at, null, ct);
        var edges = topology.Links.Select(l =>
        {
            // Vantage points that sit on this session: at one end, looking at the other.
            var onEdge = vantages.Where(v => (v.NodeId == l.From && v.PeerNodeId == l.To) || (v.NodeId == l.To && v.PeerNodeId == l.From)).ToArray();
            int? routesIn = null, routesOut = null;
            if (onEdge.Length > 0)
            {
                var learned = onEdge.Where(v => v.Kind is VantageKind.RouteServerLearned or VantageKind.GatewayLearned or VantageKind.CircuitRouteTable).ToArray();
                var advertised = onEdge.Where(v => v.Kind is VantageKind.RouteServerAdvertised or VantageKind.GatewayAdvertised).ToArray();
                routesIn = learned.Length == 0 ? null : learned.Max(Count);
                routesOut = advertised.Length == 0 ? null : advertised.Max(Count);
            }

            var health = VantageHealth.OfLink(l);
            return new TopologyEdgeDto(l.Id, l.Kind, l.From, l.To, l.Label, l.State, health, routesIn, routesOut, Sum(onEdge), sessions.GetValueOrDefault(l.Id), l.Peering?.UsesRemoteGateway);
        }).ToArray();

        return new TopologyReading(new TopologyResponse(at, compareFrom, nodes, edges, traceDto), vantages, moments);
    }

    /// <summary>
    /// The metrics' up/down timelines of BGP sessions between two moments, by topology link (one timeline per lane:
    /// Route Server instance, circuit path), optionally of one link only. Empty when no source reports session metrics.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<SessionTimelineDto>>> SessionTimelinesAsync(DateTimeOffset from, DateTimeOffset to, string? linkId, CancellationToken ct)
    {
        if (signals is null)
        {
            return new Dictionary<string, IReadOnlyList<SessionTimelineDto>>();
        }

        var history = await signals.HistoryAsync(new SignalFilter(LinkId: linkId, Kind: Core.Signals.SignalKind.Session), from, to, ct);
        return history.Where(h => h.Series.LinkId is not null && h.Values.Count > 0)
            .GroupBy(h => h.Series.LinkId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SessionTimelineDto>)g.Select(h => Timeline(h, from, to)).OrderBy(t => t.Lane, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    private static SessionTimelineDto Timeline(SignalHistory history, DateTimeOffset from, DateTimeOffset to)
    {
        var spans = new List<SessionSpanDto>();
        foreach (var point in history.Values)
        {
            var state = Core.Signals.SessionSignal.State(point.Value);
            if (spans.Count > 0 && spans[^1].State == state)
            {
                continue;
            }

            if (spans.Count > 0)
            {
                spans[^1] = spans[^1] with { To = point.At };
            }

            spans.Add(new SessionSpanDto(point.At, null, state));
        }

        return new SessionTimelineDto(history.Series.Id, history.Series.Lane ?? "", history.Series.Name, from, to, spans,
            spans.Count(s => s.State != BgpState.Connected));
    }

    private static string Combine(IEnumerable<string> statuses)
    {
        var s = statuses.ToArray();
        return s.All(x => x == TraceStatus.Present) ? TraceStatus.Present
            : s.Contains(TraceStatus.Present) || s.Contains(TraceStatus.Diverted) ? TraceStatus.Partial
            : s.Contains(TraceStatus.Unknown) ? TraceStatus.Unknown
            : s.Contains(TraceStatus.DefaultOnly) ? TraceStatus.DefaultOnly
            : TraceStatus.Absent;
    }

    /// <summary>What a node's label says about its routes, by kind (a circuit shows primary and secondary side by side).</summary>
    private static string? Summary(VantageState[] own, Func<VantageState, int> count)
    {
        if (own.Length == 0)
        {
            return null;
        }

        string Of(VantageKind kind, string label) =>
            own.Where(v => v.Kind == kind).Select(count).ToArray() is { Length: > 0 } c ? $"{label} {string.Join("/", c)}" : "";

        var parts = new[]
        {
            Of(VantageKind.CircuitRouteTable, "pri/sec"),
            Of(VantageKind.RouteServerLearned, "learned"),
            Of(VantageKind.RouteServerAdvertised, "adv"),
            Of(VantageKind.GatewayLearned, "learned"),
            Of(VantageKind.GatewayAdvertised, "adv"),
            Of(VantageKind.AvsSegments, "prefixes"),
            Of(VantageKind.VnetAddressSpace, "prefixes"),
        }.Where(p => p.Length > 0);
        return string.Join(" · ", parts);
    }
}
