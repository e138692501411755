using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.DataPlane;

/// <summary>A prefix a watched spoke NIC should carry (by a BGP route, or by a user route to a known appliance).</summary>
public sealed record NicExpectation(string VantageId, string NicNodeId, IpPrefix Prefix, ExpectationSource Source);

/// <summary>What a NIC does with one expected prefix: carried (no reason), or the data-plane reason it is not.</summary>
/// <param name="Reason">Null when the prefix is carried, or when nothing in the data plane explains its absence (the gateway lacks it: the control plane's alerts say so).</param>
/// <param name="Route">The route that decides (the user route, the Invalid route, what the NIC uses instead).</param>
public sealed record NicFinding(IpPrefix Prefix, ExpectationSource Source, ReasonCode? Reason, Route? Route);

/// <summary>
/// The expectations derived for the data plane (DESIGN.md §1): every watched NIC in a spoke should carry the on-prem
/// prefixes (what the customer edge announces into the circuits) and the AVS management block and segments, in its families.
/// </summary>
public static class NicExpectations
{
    public static IReadOnlyList<NicExpectation> From(RoutingEstate estate, IReadOnlyDictionary<string, IReadOnlyList<Route>> current)
    {
        var onPrem = estate.VantagePoints.Where(v => v.Kind == VantageKind.CircuitRouteTable)
            .SelectMany(v => current.GetValueOrDefault(v.Id, []))
            .Where(r => !r.AsPath.IsEmpty && !r.AsPath.Contains(AzureAsns.Azure) && r.Prefix.Length > 0)
            .Select(r => (r.Prefix, Source: ExpectationSource.OnPremPrefix));
        var avs = estate.VantagePoints.Where(v => v.Kind == VantageKind.AvsSegments)
            .SelectMany(v => current.GetValueOrDefault(v.Id, []))
            .Select(r => (r.Prefix, Source: r.Origin == RouteOrigins.AvsManagementBlock ? ExpectationSource.AvsManagementBlock : ExpectationSource.AvsSegment));
        var prefixes = onPrem.Concat(avs).DistinctBy(p => p.Prefix).OrderBy(p => p.Prefix).ToArray();

        var list = new List<NicExpectation>();
        foreach (var vantage in estate.VantagePoints.Where(v => v.Kind == VantageKind.NicEffectiveRoutes))
        {
            if (SpokeNic(estate, vantage) is { } nic)
            {
                list.AddRange(prefixes.Where(p => nic.Carries(p.Prefix)).Select(p => new NicExpectation(vantage.Id, nic.NodeId, p.Prefix, p.Source)));
            }
        }

        return list;
    }

    /// <summary>The NIC behind a vantage point when it sits in a spoke (a hub NIC, an NVA's, is not held to these expectations).</summary>
    public static NicFacts? SpokeNic(RoutingEstate estate, VantagePoint vantage) =>
        estate.Nic(vantage.NodeId) is { VnetNodeId: { } vnet } nic && estate.Vnet(vnet) is { IsHub: false } ? nic : null;
}

/// <summary>
/// Says, for each prefix a NIC should carry, whether its effective routes carry it and, where not, the data-plane reason:
/// what the routes show (a user route elsewhere or into nothing, an Invalid route) first, then the estate's facts that keep
/// gateway routes out (peering, remote gateway, propagation). Shared by the alert rules; the explanations read the same routes
/// through <see cref="NicRouteCheck"/>.
/// </summary>
public sealed class NicDiagnosis(RoutingEstate estate)
{
    private readonly IReadOnlySet<string> _appliances = estate.ApplianceAddresses();

    public NicFinding Diagnose(NicFacts nic, IReadOnlyList<Route> routes, IpPrefix prefix, ExpectationSource source)
    {
        var unresolved = nic.RouteTableNodeId is { } table ? estate.RouteTable(table)?.UnresolvedNextHops : null;
        var check = NicRouteCheck.Check(routes, prefix, 1, _appliances.Contains,
            address => unresolved is null ? null : unresolved.Contains(address, StringComparer.OrdinalIgnoreCase), estate.AddressesOfVm(nic));
        var reason = check.Verdict switch
        {
            NicVerdict.Carried => (ReasonCode?)null,
            NicVerdict.UdrOverride => ReasonCode.UdrOverride,
            NicVerdict.NextHopBlackhole => ReasonCode.NextHopBlackhole,
            NicVerdict.InvalidRoute => ReasonCode.InvalidRoute,
            _ => estate.WhyNoGatewayRoutes(nic),
        };
        return new NicFinding(prefix, source, reason, check.Route);
    }
}
