using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// Route Server's branch-to-branch off while AVS and an NVA are meant to meet through it: without it
/// Route Server and the gateway exchange no routes, so the NVA hairpin between on-prem and AVS cannot work.
/// </summary>
public sealed class BranchToBranchRule : IAlertRule
{
    public const string RuleName = "branch-to-branch";

    private static readonly LifecycleOptions Lifecycle = new(1, 1);

    public string Name => RuleName;

    public AlertScope Scope => AlertScope.Topology;

    public Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        if (context.Topology is not { } topology)
        {
            return Task.FromResult<IReadOnlyList<AlertCandidate>>([]);
        }

        var matters = topology.Nodes.Any(n => n.Kind == NodeKind.AvsPrivateCloud) && topology.Nodes.Any(n => n.Kind == NodeKind.Nva);
        var gateways = topology.Nodes.Where(n => n.Kind is NodeKind.ExpressRouteGateway or NodeKind.VpnGateway).Select(n => n.Id).ToHashSet();
        var list = new List<AlertCandidate>();
        foreach (var routeServer in topology.Nodes.Where(n => n.Kind == NodeKind.RouteServer && n.Facts?.BranchToBranch is not null))
        {
            // The alert is about the exchange between Route Server and the gateway: keyed by that session.
            var link = topology.Links.FirstOrDefault(l => l.Kind == LinkKind.BgpSession
                && ((l.From == routeServer.Id && gateways.Contains(l.To)) || (l.To == routeServer.Id && gateways.Contains(l.From))));
            if (link is null)
            {
                continue;
            }

            list.Add(new AlertCandidate($"{RuleName}|{link.Id}", RuleName, link.Id, link.Id, AlertSeverity.Critical,
                "Route Server branch-to-branch is off", "AVS and the NVA only exchange routes through Route Server with branch-to-branch on.",
                matters && routeServer.Facts!.BranchToBranch == false ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
        }

        return Task.FromResult<IReadOnlyList<AlertCandidate>>(list);
    }
}
