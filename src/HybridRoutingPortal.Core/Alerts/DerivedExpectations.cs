namespace HybridRoutingPortal.Core.Alerts;

/// <summary>
/// Expectations that follow from the estate itself (issue "Alerts", derived expectations): every AVS
/// segment and the AVS management block must reach the on-prem circuit's route tables and, with
/// branch-to-branch on (Route Server advertising to its peers), Route Server's advertisements; on-prem
/// prefixes must reach the Azure side (the gateway's learned routes); a default route the NVA has
/// advertised stays expected at Route Server.
/// </summary>
public static class DerivedExpectations
{
    /// <summary>The id of the NVA's default-route expectation (an alert on it names it as its subject).</summary>
    public static readonly string DefaultRouteId = $"derived:{ExpectationSource.DefaultRoute}";

    /// <param name="defaultRouteAdvertised">The NVA advertised 0.0.0.0/0 at some point in the kept history: it
    /// stays expected while withdrawn (the moment it is missing is the moment it matters).</param>
    public static IReadOnlyList<Expectation> From(IReadOnlyList<VantagePoint> vantages, IReadOnlyDictionary<string, IReadOnlyList<Route>> current, bool defaultRouteAdvertised = false)
    {
        var circuits = Ids(vantages, VantageKind.CircuitRouteTable);
        var advertised = Ids(vantages, VantageKind.RouteServerAdvertised);
        var learnedFromNva = Ids(vantages, VantageKind.RouteServerLearned);
        var gatewayLearned = Ids(vantages, VantageKind.GatewayLearned);
        var list = new List<Expectation>();

        foreach (var avs in vantages.Where(v => v.Kind == VantageKind.AvsSegments))
        {
            foreach (var route in current.GetValueOrDefault(avs.Id, []))
            {
                var management = route.Origin == "Management";
                var name = management ? $"AVS management block {route.Prefix}" : $"AVS segment {route.SourcePeer ?? route.Prefix.ToString()} ({route.Prefix})";
                var source = management ? ExpectationSource.AvsManagementBlock : ExpectationSource.AvsSegment;
                list.Add(new Expectation($"derived:{source}:{route.Prefix}:onprem", $"{name} reaches on-prem", route.Prefix, circuits,
                    AlertSeverity.Critical, "derived", source, $"{avs.Name} defines it; on-prem reaches AVS only through the circuit's route tables."));
                if (advertised.Count > 0)
                {
                    list.Add(new Expectation($"derived:{source}:{route.Prefix}:routeserver", $"{name} reaches Route Server's peers", route.Prefix, advertised,
                        AlertSeverity.Warning, "derived", source, "With branch-to-branch on, Route Server passes AVS prefixes to the NVA."));
                }
            }
        }

        // On-prem prefixes: what the customer edge announces (paths without Azure's 65515) must reach the gateway.
        var onPrem = circuits.SelectMany(id => current.GetValueOrDefault(id, []))
            .Where(r => !r.AsPath.IsEmpty && !r.AsPath.Contains(65515) && r.Prefix.Length > 0)
            .Select(r => r.Prefix).Distinct().Order();
        foreach (var prefix in onPrem)
        {
            list.Add(new Expectation($"derived:{ExpectationSource.OnPremPrefix}:{prefix}", $"On-prem {prefix} reaches Azure", prefix, gatewayLearned,
                AlertSeverity.Critical, "derived", ExpectationSource.OnPremPrefix, "The circuit carries it from on-prem; the gateway must learn it."));
        }

        var defaultRoute = IpPrefix.Parse("0.0.0.0/0");
        if (defaultRouteAdvertised || learnedFromNva.Any(id => current.GetValueOrDefault(id, []).Any(r => r.Prefix == defaultRoute)))
        {
            list.Add(new Expectation(DefaultRouteId, "The NVA's default route at Route Server", defaultRoute, learnedFromNva,
                AlertSeverity.Critical, "derived", ExpectationSource.DefaultRoute, "The NVA has advertised 0.0.0.0/0; AVS and spokes reach the internet through it."));
        }

        return list;
    }

    private static IReadOnlyList<string> Ids(IReadOnlyList<VantagePoint> vantages, VantageKind kind) =>
        vantages.Where(v => v.Kind == kind).Select(v => v.Id).ToArray();
}
