using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// A default route appearing or disappearing where routes are exchanged (Route Server, the gateway, a
/// circuit): fires on the poll that changed it and clears two polls later (journey 2).
/// </summary>
public sealed class DefaultRouteChangeRule : IAlertRule
{
    public const string RuleName = "default-route";

    private static readonly IpPrefix DefaultRoute = IpPrefix.Parse("0.0.0.0/0");
    private static readonly LifecycleOptions Lifecycle = new(1, 2);

    public string Name => RuleName;

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var list = new List<AlertCandidate>();
        foreach (var v in context.PolledVantages.Where(v => v.Kind is VantageKind.RouteServerLearned or VantageKind.GatewayLearned or VantageKind.CircuitRouteTable))
        {
            var poll = context.Polled[v.Id];
            if (!poll.Ok)
            {
                // A failed poll says nothing either way; the alert stays where it is.
                list.Add(new AlertCandidate($"{RuleName}|{v.Id}", RuleName, v.Id, v.Id, AlertSeverity.Warning, $"Default route changed at {v.Name}", null, Evidence.Unknown, Lifecycle));
                continue;
            }

            var now = (await context.Routes.AtAsync(v.Id, cancellationToken)).Routes.Any(r => r.Prefix == DefaultRoute);
            // A first poll has no "before": the default route it shows did not appear, it was simply first seen.
            var changed = !poll.Unchanged && !poll.First && now != await context.Routes.HeldJustBeforeAsync(v.Id, DefaultRoute, cancellationToken);
            list.Add(new AlertCandidate($"{RuleName}|{v.Id}", RuleName, v.Id, v.Id, AlertSeverity.Warning,
                $"Default route {(now ? "appeared" : "disappeared")} at {v.Name}",
                now ? "0.0.0.0/0 is now present: traffic without a more specific route follows it."
                    : "0.0.0.0/0 is gone: traffic without a more specific route has nowhere to go.",
                changed ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
        }

        return list;
    }
}
