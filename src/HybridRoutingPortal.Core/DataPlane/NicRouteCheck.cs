namespace HybridRoutingPortal.Core.DataPlane;

/// <summary>What a NIC's effective routes do with a prefix.</summary>
public enum NicVerdict
{
    /// <summary>A BGP route from the gateway or Route Server, a user route to a known appliance, or the VNet's own system route carries it.</summary>
    Carried,

    /// <summary>A user route takes it somewhere other than a known appliance (None, Internet, another address).</summary>
    UdrOverride,

    /// <summary>A user route sends it to a virtual appliance address no NIC holds.</summary>
    NextHopBlackhole,

    /// <summary>The route that would carry it is listed but Invalid, and nothing else carries it.</summary>
    InvalidRoute,

    /// <summary>Only a default route covers it.</summary>
    DefaultOnly,

    /// <summary>Nothing carries it (a system None route, a route broader than the one expected, or no route at all).</summary>
    Absent,
}

/// <param name="Route">The route that decides: the one in use, or the Invalid one for <see cref="NicVerdict.InvalidRoute"/>.</param>
/// <param name="Overridden">For a user route that takes the prefix, the BGP route it overrides (listed Invalid), if any.</param>
public sealed record NicCheck(NicVerdict Verdict, Route? Route, Route? Overridden = null);

/// <summary>
/// Reads a NIC's effective routes for one prefix the way the data plane forwards: the longest Active route covering it
/// decides (a default route only for the default route itself). Shared by the explanations and the alert rules so both say
/// the same thing about a NIC.
/// </summary>
public static class NicRouteCheck
{
    /// <param name="leastSpecific">The shortest prefix length that still carries the prefix (the route expected to carry it; 1 for "any route but a default").</param>
    /// <param name="isKnownAppliance">Whether an address is a known appliance (an NVA peering with Route Server, or its NICs).</param>
    /// <param name="isUnresolved">Whether an appliance address is known to be held by no NIC (null: cannot tell).</param>
    /// <param name="ownAddresses">The addresses of the NIC's VM: a BGP route whose next hop is that VM (an NVA's own route, programmed back into it) is
    /// a loop that a user route is meant to override (https://learn.microsoft.com/azure/route-server/troubleshoot-route-server).</param>
    public static NicCheck Check(IReadOnlyList<Route> routes, IpPrefix prefix, int leastSpecific, Func<string, bool> isKnownAppliance, Func<string, bool?> isUnresolved,
        IReadOnlyCollection<string>? ownAddresses = null)
    {
        var best = MostSpecific(routes.Where(r => r.IsActive), prefix);
        if (best is { Origin: RouteOrigins.UserRoute })
        {
            // A user route in use takes the traffic whatever its length: to a known appliance by design, elsewhere not.
            var overridden = routes.FirstOrDefault(r => !r.IsActive && r.Prefix == best.Prefix && r.Origin == RouteOrigins.GatewayRoute);
            var overridesOwnLoop = overridden is not null && ownAddresses?.Contains(overridden.NextHop, StringComparer.OrdinalIgnoreCase) == true;
            if (overridesOwnLoop || NextHopTypes.Is(best.NextHopType, NextHopTypes.VirtualNetworkGateway)
                || (NextHopTypes.IsAppliance(best.NextHopType) && isKnownAppliance(best.NextHop)))
            {
                return new NicCheck(NicVerdict.Carried, best);
            }

            return NextHopTypes.IsAppliance(best.NextHopType) && isUnresolved(best.NextHop) == true
                ? new NicCheck(NicVerdict.NextHopBlackhole, best, overridden)
                : new NicCheck(NicVerdict.UdrOverride, best, overridden);
        }

        var carries = best is not null && best.Prefix.Length >= leastSpecific
            && (best.Origin == RouteOrigins.GatewayRoute
                || (best.Origin == RouteOrigins.SystemRoute && (NextHopTypes.Is(best.NextHopType, NextHopTypes.VnetLocal) || NextHopTypes.Is(best.NextHopType, NextHopTypes.VNetPeering))));
        if (carries)
        {
            return new NicCheck(NicVerdict.Carried, best);
        }

        // Something more specific than what is in use, listed but not used, would have carried it.
        var invalid = MostSpecific(routes.Where(r => !r.IsActive && r.Prefix.Length > (best?.Prefix.Length ?? -1) && r.Prefix.Length >= leastSpecific), prefix);
        if (invalid is not null && !Overridden(routes, invalid))
        {
            return new NicCheck(NicVerdict.InvalidRoute, invalid);
        }

        var defaultRoute = best is null && prefix.Length > 0 ? routes.Where(r => r.IsActive).FirstOrDefault(r => r.Prefix == prefix.Supernet(0)) : null;
        return defaultRoute is not null ? new NicCheck(NicVerdict.DefaultOnly, defaultRoute) : new NicCheck(NicVerdict.Absent, best);
    }

    /// <summary>The most specific route covering the prefix; a default route only when the prefix is itself the default route.</summary>
    public static Route? MostSpecific(IEnumerable<Route> routes, IpPrefix prefix)
    {
        Route? best = null;
        foreach (var route in routes)
        {
            if (route.Prefix.Contains(prefix) && (route.Prefix.Length > 0 || prefix.Length == 0)
                && (best is null || route.Prefix.Length > best.Prefix.Length || (route.Prefix.Length == best.Prefix.Length && EffectiveRoutes.Priority(route) > EffectiveRoutes.Priority(best))))
            {
                best = route;
            }
        }

        return best;
    }

    /// <summary>An Invalid route some Active route of the same prefix outranks: not broken, simply not chosen.</summary>
    private static bool Overridden(IReadOnlyList<Route> routes, Route invalid) =>
        routes.Any(r => r.IsActive && r.Prefix == invalid.Prefix && EffectiveRoutes.Priority(r) >= EffectiveRoutes.Priority(invalid));
}
