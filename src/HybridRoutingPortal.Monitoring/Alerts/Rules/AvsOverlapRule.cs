using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;

namespace HybridRoutingPortal.Monitoring.Alerts.Rules;

/// <summary>An AVS private cloud's /22 network block must overlap nothing else in the estate (on-prem, VNets).</summary>
public sealed class AvsOverlapRule : IAlertRule
{
    public const string RuleName = "avs-overlap";

    private static readonly LifecycleOptions Lifecycle = new(1, 1);

    public string Name => RuleName;

    public async Task<IReadOnlyList<AlertCandidate>> EvaluateAsync(RuleContext context, CancellationToken cancellationToken)
    {
        var clouds = context.PolledVantages.Where(v => v.Kind == VantageKind.AvsSegments).ToArray();
        if (clouds.Length == 0)
        {
            return [];
        }

        var elsewhere = new List<(IpPrefix Prefix, string Where)>();
        foreach (var v in context.Vantages.Where(v => v.Kind is VantageKind.VnetAddressSpace or VantageKind.CircuitRouteTable))
        {
            var own = (await context.Routes.AtAsync(v.Id, cancellationToken)).Routes;
            // From a circuit table only what on-prem announces (no Azure ASN in the path).
            elsewhere.AddRange(own.Where(r => v.Kind == VantageKind.VnetAddressSpace || (!r.AsPath.IsEmpty && !AzureAsns.CameThroughAzure(r.AsPath)))
                .Where(r => r.Prefix.Length > 0).Select(r => (r.Prefix, v.Name)));
        }

        var list = new List<AlertCandidate>();
        foreach (var v in clouds)
        {
            var ok = context.PolledOk(v.Id);
            var block = (await context.Routes.AtAsync(v.Id, cancellationToken)).Routes.FirstOrDefault(r => r.Origin == RouteOrigins.AvsManagementBlock)?.Prefix;
            var overlaps = block is { } b ? elsewhere.Where(e => e.Prefix.Overlaps(b)).ToArray() : [];
            list.Add(new AlertCandidate($"{RuleName}|{v.Id}", RuleName, v.Id, v.Id, AlertSeverity.Critical,
                $"AVS network block {block} overlaps other address space",
                overlaps.Length == 0 ? "No overlap." : string.Join("; ", overlaps.Take(5).Select(o => $"{o.Prefix} at {o.Where}")),
                !ok || block is null ? Evidence.Unknown : overlaps.Length > 0 ? Evidence.Violated : Evidence.Satisfied, Lifecycle));
        }

        return list;
    }
}
