using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A BGP session the topology reports as not connected (one switched off by configuration is the branch-to-branch rule's).</summary>
public sealed class BgpSessionRule : IAlertRule
{
    public const string RuleName = "bgp-session";

    private static readonly LifecycleOptions Lifecycle = new(2, 2);

    public string Name => RuleName;

    public AlertScope Scope => AlertScope.Topology;

    public Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<AlertCandidate> list = context.Topology is not { } topology ? [] : topology.Links
            .Where(l => l.Kind == LinkKind.BgpSession && l.State != BgpState.Disabled)
            .Select(link => new AlertCandidate($"{RuleName}|{link.Id}", RuleName, link.Id, link.Id, AlertSeverity.Critical,
                $"BGP session not connected: {link.Label}", $"The session between {link.From} and {link.To} is {link.State}.",
                link.State is null or BgpState.Unknown ? Evidence.Unknown : link.State == BgpState.Connected ? Evidence.Satisfied : Evidence.Violated,
                Lifecycle))
            .ToArray();
        return Task.FromResult(list);
    }
}
