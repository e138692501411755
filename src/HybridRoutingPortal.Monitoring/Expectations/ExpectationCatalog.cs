using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Expectations;

/// <summary>Every expectation in force at a moment: the ones people defined and, when switched on, those derived from the estate.</summary>
public sealed class ExpectationCatalog(AlertStore store, IOptions<AlertOptions> options)
{
    private static readonly IpPrefix DefaultRoute = IpPrefix.Parse("0.0.0.0/0");

    /// <summary>How far back an NVA's default route keeps it expected while withdrawn.</summary>
    public static readonly TimeSpan DefaultRouteMemory = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<Expectation>> AllAsync(DateTimeOffset at, IReadOnlyList<VantageState> vantages, IRouteTables routes, CancellationToken ct)
    {
        var user = await store.ExpectationsAsync(ct);
        if (!options.Value.DerivedExpectations)
        {
            return user;
        }

        var relevant = vantages.Where(v => v.Kind is VantageKind.AvsSegments or VantageKind.CircuitRouteTable or VantageKind.RouteServerLearned).ToArray();
        var current = new Dictionary<string, IReadOnlyList<Route>>();
        foreach (var v in relevant)
        {
            current[v.Id] = (await routes.AtAsync(v.Id, ct)).Routes;
        }

        // Has an NVA advertised a default route at any time in the last week? Then it stays expected while withdrawn.
        var advertised = false;
        foreach (var v in relevant.Where(v => v.Kind == VantageKind.RouteServerLearned))
        {
            advertised |= await routes.HeldSinceAsync(v.Id, DefaultRoute, at - DefaultRouteMemory, ct);
        }

        return [.. user, .. DerivedExpectations.From(vantages.Select(v => v.Point).ToArray(), current, advertised)];
    }
}
