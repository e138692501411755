using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>The primary and secondary paths of a circuit must carry the same prefixes (journey 5).</summary>
public sealed class PathAsymmetryRule : IAlertRule
{
    public const string RuleName = "path-asymmetry";

    private static readonly LifecycleOptions Lifecycle = new(2, 2);

    public string Name => RuleName;

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var list = new List<AlertCandidate>();
        // Every circuit with both paths, whenever either was polled: a path not polled this time makes the answer unknown, not absent.
        foreach (var pair in context.Vantages.Where(v => v.Active && v.Circuit is not null).GroupBy(v => v.ResourceId))
        {
            var primary = pair.FirstOrDefault(v => v.Circuit!.Path == CircuitPath.Primary);
            var secondary = pair.FirstOrDefault(v => v.Circuit!.Path == CircuitPath.Secondary);
            if (primary is null || secondary is null || !(context.Polled.ContainsKey(primary.Id) || context.Polled.ContainsKey(secondary.Id)))
            {
                continue;
            }

            var bothOk = context.PolledOk(primary.Id) && context.PolledOk(secondary.Id);
            IpPrefix[] onlyOne = [];
            if (bothOk)
            {
                var p = (await context.Routes.AtAsync(primary.Id, cancellationToken)).Routes.Select(r => r.Prefix).ToHashSet();
                var s = (await context.Routes.AtAsync(secondary.Id, cancellationToken)).Routes.Select(r => r.Prefix).ToHashSet();
                onlyOne = [.. p.Except(s), .. s.Except(p)];
            }

            list.Add(new AlertCandidate($"{RuleName}|{pair.Key}|{secondary.Id}", RuleName, pair.Key, secondary.Id, AlertSeverity.Warning,
                $"{primary.Circuit!.CircuitName}: primary and secondary paths disagree",
                onlyOne.Length == 0 ? "The two paths carry the same prefixes."
                    : $"{onlyOne.Length} prefix(es) on one path only: {string.Join(", ", onlyOne.Order().Take(6))}{(onlyOne.Length > 6 ? " …" : "")}",
                !bothOk ? Evidence.Unknown : onlyOne.Length > 0 ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
        }

        return list;
    }
}
