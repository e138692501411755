using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Monitoring.Alerts.DataPlane;

/// <summary>One watched NIC polled in this evaluation, and what its effective routes do with each prefix it should carry.</summary>
/// <param name="Nic">Its facts; null when the topology does not describe it (nothing can be decided).</param>
/// <param name="Findings">Null when nothing can be decided (its poll failed, no topology); empty for a NIC held to no expectation (a hub's).</param>
public sealed record NicOutcome(string VantageId, string Name, NicFacts? Nic, IReadOnlyList<NicFinding>? Findings);

/// <summary>The NICs polled in one evaluation and the estate they were judged in (null without a topology).</summary>
public sealed record NicEvaluationResult(RoutingEstate? Estate, IReadOnlyList<NicOutcome> Nics)
{
    public string NameOf(string? nodeId) => nodeId is null ? "?" : Estate?.NameOf(nodeId) ?? nodeId;

    public VnetFacts? VnetOf(NicFacts? nic) => nic?.VnetNodeId is { } v ? Estate?.Vnet(v) : null;
}

/// <summary>
/// The data plane as the alert rules see it at one evaluation: every NIC vantage point polled, held to the expectations
/// derived for spoke NICs (<see cref="NicExpectations"/>) and diagnosed with <see cref="NicDiagnosis"/>. A NIC whose poll
/// failed (a stopped VM, a throttled read) is undecided, so its alerts neither fire nor clear.
/// </summary>
public static class NicEvaluation
{
    public static async Task<NicEvaluationResult> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var polled = context.PolledVantages.Where(v => v.Kind == VantageKind.NicEffectiveRoutes).ToArray();
        if (polled.Length == 0)
        {
            return new NicEvaluationResult(null, []);
        }

        if (context.Topology is not { } topology)
        {
            return new NicEvaluationResult(null, polled.Select(v => new NicOutcome(v.Id, v.Name, null, null)).ToArray());
        }

        var vantages = context.Vantages.Where(v => v.Active).Select(v => v.Point).ToArray();
        var estate = RoutingEstate.From(topology, vantages);
        var current = new Dictionary<string, IReadOnlyList<Route>>(StringComparer.Ordinal);
        foreach (var v in vantages.Where(v => v.Kind is VantageKind.CircuitRouteTable or VantageKind.AvsSegments))
        {
            current[v.Id] = (await context.Routes.AtAsync(v.Id, cancellationToken)).Routes;
        }

        var expected = NicExpectations.From(estate, current).ToLookup(e => e.VantageId, StringComparer.Ordinal);
        var diagnosis = new NicDiagnosis(estate);
        var outcomes = new List<NicOutcome>();
        foreach (var vantage in polled)
        {
            var nic = estate.Nic(vantage.NodeId);
            if (nic is null || !context.PolledOk(vantage.Id))
            {
                outcomes.Add(new NicOutcome(vantage.Id, nic?.Name ?? vantage.Name, nic, null));
                continue;
            }

            var routes = (await context.Routes.AtAsync(vantage.Id, cancellationToken)).Routes;
            outcomes.Add(new NicOutcome(vantage.Id, nic.Name, nic, expected[vantage.Id].Select(e => diagnosis.Diagnose(nic, routes, e.Prefix, e.Source)).ToArray()));
        }

        return new NicEvaluationResult(estate, outcomes);
    }

    /// <summary>"10.10.0.0/16, 10.20.0.0/16 and 3 more (on-prem, AVS)": the prefixes of some findings, for an alert's detail.</summary>
    public static string Prefixes(IReadOnlyCollection<NicFinding> findings, int max = 6)
    {
        var list = findings.Select(f => f.Prefix).Order().ToArray();
        var kinds = findings.Select(f => f.Source == Core.Alerts.ExpectationSource.OnPremPrefix ? "on-prem" : "AVS").Distinct().Order(StringComparer.Ordinal);
        return string.Join(", ", list.Take(max)) + (list.Length > max ? $" and {list.Length - max} more" : "") + $" ({string.Join(", ", kinds)})";
    }
}
