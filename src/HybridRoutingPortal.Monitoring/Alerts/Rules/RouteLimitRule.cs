using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>Route counts approaching a documented Azure limit (<see cref="KnownLimits"/>): warning at 80 %, critical at 95 %.</summary>
public sealed class RouteLimitRule : IAlertRule
{
    public const string RuleName = "route-limit";

    private static readonly LifecycleOptions Lifecycle = new(2, 2);

    private static readonly (string Level, double Threshold, AlertSeverity Severity)[] Levels =
        [("warning", 0.8, AlertSeverity.Warning), ("critical", 0.95, AlertSeverity.Critical)];

    public string Name => RuleName;

    public Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var list = new List<AlertCandidate>();
        foreach (var v in context.PolledVantages)
        {
            if (KnownLimits.For(v.Kind) is not { } limit)
            {
                continue;
            }

            var ok = context.PolledOk(v.Id);
            foreach (var (level, threshold, severity) in Levels)
            {
                list.Add(new AlertCandidate($"{RuleName}|{level}|{v.Id}", RuleName, level, v.Id, severity,
                    $"{v.Name}: {v.RouteCount:N0} routes, {(double)v.RouteCount / limit.Value:P0} of the {limit.Value:N0} limit",
                    $"{limit.Label}: above it the BGP session is torn down or the connection goes down.",
                    !ok ? Evidence.Unknown : v.RouteCount >= threshold * limit.Value ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
            }
        }

        return Task.FromResult<IReadOnlyList<AlertCandidate>>(list);
    }
}
