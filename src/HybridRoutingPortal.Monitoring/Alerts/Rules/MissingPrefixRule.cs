using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// An expected prefix (or a route covering it, a default route only for the default route itself) is
/// missing at a vantage point. Moves only on Ok polls of that vantage point: a failed poll counts toward
/// "source unavailable" instead, so throttling cannot raise a false alarm.
/// </summary>
public sealed class MissingPrefixRule : IAlertRule
{
    public const string RuleName = "missing-prefix";

    public string Name => RuleName;

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var lifecycle = new LifecycleOptions(context.Options.FireAfter, context.Options.ResolveAfter);
        var list = new List<AlertCandidate>();
        foreach (var e in context.Expectations)
        {
            foreach (var vantage in e.VantageIds.Where(context.Polled.ContainsKey))
            {
                var evidence = !context.PolledOk(vantage) ? Evidence.Unknown
                    : (await context.Routes.AtAsync(vantage, cancellationToken)).Index.MetBy(e) is null ? Evidence.Violated
                    : Evidence.Satisfied;
                list.Add(new AlertCandidate($"{RuleName}|{e.Id}|{vantage}", RuleName, e.Id, vantage, e.Severity,
                    $"{e.Prefix} missing at {context.NameOf(vantage)}", $"{e.Name}. {e.Reason}", evidence, lifecycle));
            }
        }

        return list;
    }
}
