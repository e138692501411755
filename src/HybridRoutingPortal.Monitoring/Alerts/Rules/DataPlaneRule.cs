using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.DataPlane;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Monitoring.Alerts.DataPlane;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// The shape of the data-plane rules: one alert per watched NIC and reason, violated while some on-prem or AVS prefix the NIC
/// should carry is missing from it for that reason, on the missing-prefix lifecycle (Ok polls only). Every NIC polled gets a
/// candidate — unknown when its poll failed — so a failed poll never reads as the subject being gone.
/// </summary>
public abstract class DataPlaneRule : IAlertRule
{
    public abstract string Name { get; }

    /// <summary>The data-plane reason this rule alerts on.</summary>
    protected abstract ReasonCode Reason { get; }

    protected virtual AlertSeverity Severity => AlertSeverity.Critical;

    protected abstract string Title(string nic);

    /// <summary>Why, in words a user can act on: the prefixes affected and the fact behind it.</summary>
    protected abstract string Violation(NicOutcome nic, IReadOnlyList<NicFinding> affected, NicEvaluationResult estate);

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var lifecycle = new LifecycleOptions(context.Options.FireAfter, context.Options.ResolveAfter);
        var estate = await NicEvaluation.EvaluateAsync(context, cancellationToken);
        return estate.Nics.Select(o =>
        {
            var affected = o.Findings?.Where(f => f.Reason == Reason).ToArray() ?? [];
            var evidence = o.Findings is null ? Evidence.Unknown : affected.Length > 0 ? Evidence.Violated : Evidence.Satisfied;
            var detail = affected.Length > 0 ? Violation(o, affected, estate)
                : o.Findings is null ? $"{o.Name} could not be read this poll; nothing changes until it is."
                : $"{o.Name} carries what it should here ({o.Findings.Count} on-prem and AVS prefixes checked).";
            return new AlertCandidate($"{Name}|{o.VantageId}|{o.VantageId}", Name, o.VantageId, o.VantageId, Severity, Title(o.Name), detail, evidence, lifecycle);
        }).ToArray();
    }
}
