using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Explain;

namespace HybridRoutingPortal.Monitoring.Graph;

/// <summary>
/// Turns an explanation into the topology's trace: its hops in path order with their reasons, the verdict line (origin →
/// … → the break), and the path's nodes and edges so the graph can draw it.
/// </summary>
public static class ExplanationTrace
{
    public static TraceDto From(Explanation explanation, Core.Topology topology)
    {
        var hops = explanation.Hops.Select(Hop).ToArray();
        var first = explanation.FirstBreak is { } b ? Hop(b) : null;
        return new TraceDto(explanation.Prefix.ToString(), hops, Verdict(explanation),
            explanation.Origin is { } o ? ExplainedOriginDto.From(o) : null, first, Path(explanation, topology));
    }

    private static TraceHopDto Hop(ExplainedHop h) =>
        new(h.VantageId, h.Name, h.NodeId, h.Kind, h.Status.Code(), h.Route?.Prefix.ToString(), h.Route?.NextHop, h.Route?.AsPath.Text, h.Via,
            h.Reason is { } r ? ExplainReasonDto.From(r) : null);

    /// <summary>"P from O: A → B → stops at C (default): code." — the path up to the first break, or the whole path when it holds.</summary>
    private static string Verdict(Explanation e)
    {
        if (e.Origin is null)
        {
            return e.FirstBreak is { Reason: { } none } at
                ? $"{e.Prefix}: nothing in the estate shows where it enters ({at.Name}: {at.Status.Code()}, {none.CodeText})."
                : $"{e.Prefix}: nothing in the estate originates it.";
        }

        var from = $"{e.Prefix} from {e.Origin.Name}";
        if (e.FirstBreak is not { Reason: { } reason } stop)
        {
            return $"{from}: present along its path — {string.Join(" → ", e.Hops.Select(h => h.Name))}.";
        }

        var reached = e.Hops.TakeWhile(h => !ReferenceEquals(h, stop)).Where(h => h.Status == HopStatus.Present).Select(h => h.Name).ToArray();
        var path = reached.Length == 0 ? "" : string.Join(" → ", reached) + " → ";
        return $"{from}: {path}stops at {stop.Name} ({stop.Status.Code()}): {reason.CodeText}.";
    }

    /// <summary>The model's steps between topology nodes, with the links that join each pair, and the nodes in the order the path reaches them.</summary>
    private static TracePathDto Path(Explanation e, Core.Topology topology)
    {
        IReadOnlyList<string> LinksBetween(string a, string b) =>
            topology.Links.Where(l => (l.From == a && l.To == b) || (l.From == b && l.To == a)).Select(l => l.Id).ToArray();

        var steps = e.Steps.Select(s => new TraceStepDto(s.FromNodeId, s.ToNodeId, LinksBetween(s.FromNodeId, s.ToNodeId), s.Rule, s.Carried)).ToArray();

        // Breadth first from the origin, over the steps that carry the prefix before those that do not: nodes in the order
        // the prefix reaches them (origin → … → the break), then the places a stop keeps it from.
        var order = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if ((e.Origin?.NodeId ?? e.Hops.FirstOrDefault()?.NodeId) is { } start && seen.Add(start))
        {
            order.Add(start);
        }

        foreach (var carriedOnly in new[] { true, false })
        {
            for (var i = 0; i < order.Count; i++)
            {
                var node = order[i];
                order.AddRange(steps.Where(s => s.From == node && (s.Carried || !carriedOnly)).Select(s => s.To).Where(seen.Add));
            }
        }

        // A vantage point's node the steps do not reach (a path that never got going) still belongs to the trace.
        order.AddRange(e.Hops.Select(h => h.NodeId).Where(seen.Add));
        return new TracePathDto(order, steps.SelectMany(s => s.EdgeIds).Distinct(StringComparer.Ordinal).ToArray(), steps, e.FirstBreak?.NodeId);
    }
}
