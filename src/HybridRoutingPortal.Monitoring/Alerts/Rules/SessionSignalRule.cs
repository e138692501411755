using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Signals;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// A BGP session Azure Monitor reports down (Route Server BgpPeerStatus, ExpressRoute BgpAvailability), raised at the
/// first metrics read that brings a final point showing it, a minute or so after the metric lands, not at the next
/// table poll. Only final points are evidence: a partial, late, missing or failed metric leaves the alert as it was.
/// It resolves only after the session has stayed up for Routing:Signals:SessionHoldDown: a session flapping in the
/// metrics keeps one alert firing instead of raising one per flap.
/// </summary>
public sealed class SessionSignalRule : IAlertRule
{
    public const string RuleName = "session-signal";

    public string Name => RuleName;

    public AlertScope Scope => AlertScope.Signals;

    public Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        if (context.Signals is not { } signals)
        {
            return Task.FromResult<IReadOnlyList<AlertCandidate>>([]);
        }

        var lifecycle = new LifecycleOptions(1, Math.Max(1, signals.ResolveAfter));
        IReadOnlyList<AlertCandidate> list = signals.Sessions.Select(s =>
        {
            var down = s.NewPoints.Where(p => !SessionSignal.IsUp(p.Value)).ToArray();
            var evidence = s.NewPoints.Count == 0 ? Evidence.Unknown : down.Length > 0 ? Evidence.Violated : Evidence.Satisfied;
            var detail = down.Length > 0
                ? $"Azure Monitor shows the session down in the minute from {down[^1].At:yyyy-MM-dd HH:mm} UTC ({Percent(down[^1].Value)} up). "
                : s.Value is { } v ? $"Azure Monitor last showed the session {(SessionSignal.IsUp(v) ? "up" : "down")}. " : "";
            return new AlertCandidate($"{RuleName}|{s.Series.Id}", RuleName, s.Series.Id, s.Series.VantageIds.FirstOrDefault() ?? s.Series.Id,
                AlertSeverity.Critical, $"BGP session down (metrics): {s.Series.Name}",
                detail + "A flapping session keeps this one alert; it resolves once the session has stayed up through the hold-down. "
                + "ExpressRoute BgpAvailability can read down during Microsoft edge maintenance while the customer's session is up: the targeted table read it sets off says whether routes moved.",
                evidence, lifecycle);
        }).ToArray();
        return Task.FromResult(list);
    }

    private static string Percent(double value) => (value * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %";
}
