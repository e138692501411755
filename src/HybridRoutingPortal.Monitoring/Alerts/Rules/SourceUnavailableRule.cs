using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>
/// A vantage point's polls keep failing: its last known routes are kept, but nothing about it is known now. A NIC whose VM is
/// stopped is not a failing source: Azure answered that it has no effective routes while the VM does not run (unknown, not an alert).
/// </summary>
public sealed class SourceUnavailableRule : IAlertRule
{
    public const string RuleName = "source-unavailable";

    public string Name => RuleName;

    public Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var lifecycle = new LifecycleOptions(context.Options.SourceUnavailableAfter, 1);
        IReadOnlyList<AlertCandidate> list = context.Polled.Values.Select(p => new AlertCandidate(
            $"{RuleName}|{p.VantageId}|{p.VantageId}", RuleName, p.VantageId, p.VantageId, AlertSeverity.Warning,
            $"Source unavailable: {context.NameOf(p.VantageId)}",
            "Its polls fail; its last known routes are kept and no missing-prefix alert moves until it answers.",
            p.Status == ObservationStatus.Failed && !VmStopped(context, p.VantageId) ? Evidence.Violated : Evidence.Satisfied, lifecycle)).ToArray();
        return Task.FromResult(list);
    }

    private static bool VmStopped(RuleContext context, string vantageId) =>
        context.Vantages.FirstOrDefault(v => v.Id == vantageId)?.LastFailureReason == FailureReason.NotRunning;
}
