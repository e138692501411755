using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>A more-specific of an AVS or on-prem prefix learned from an NVA at Route Server: a leak or a hijack.</summary>
public sealed class MoreSpecificRule : IAlertRule
{
    public const string RuleName = "more-specific";

    private static readonly LifecycleOptions Lifecycle = new(1, 2);

    public string Name => RuleName;

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var protectedPrefixes = context.Expectations
            .Where(e => e.Source is ExpectationSource.AvsSegment or ExpectationSource.AvsManagementBlock or ExpectationSource.OnPremPrefix)
            .Select(e => e.Prefix).Distinct().ToArray();
        var list = new List<AlertCandidate>();
        foreach (var v in context.PolledVantages.Where(v => v.Kind == VantageKind.RouteServerLearned))
        {
            var ok = context.PolledOk(v.Id);
            IpPrefix[] suspicious = ok
                ? [.. (await context.Routes.AtAsync(v.Id, cancellationToken)).Routes
                    .Where(r => protectedPrefixes.Any(p => p.Contains(r.Prefix) && r.Prefix.Length > p.Length)).Select(r => r.Prefix)]
                : [];
            list.Add(new AlertCandidate($"{RuleName}|{v.Id}", RuleName, v.Id, v.Id, AlertSeverity.Critical,
                $"More-specific of an AVS or on-prem prefix learned at {v.Name}",
                suspicious.Length == 0 ? "None." : $"{string.Join(", ", suspicious.Take(5))}: traffic for them would follow this peer instead of the real origin.",
                !ok ? Evidence.Unknown : suspicious.Length > 0 ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
        }

        return list;
    }
}
