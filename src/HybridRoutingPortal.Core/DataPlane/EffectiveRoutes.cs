namespace HybridRoutingPortal.Core.DataPlane;

/// <summary>
/// How Azure builds a NIC's effective route table (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview):
/// the system routes every subnet gets, and for routes of one prefix the one Azure uses — a user-defined route before a BGP
/// route (gateway or Route Server) before a system route; the others are listed Invalid. A longer prefix always wins over a
/// shorter one, whatever its source (longest prefix match), so only routes of the same prefix compete.
/// </summary>
public static class EffectiveRoutes
{
    private static readonly (string Prefix, string NextHopType)[] SystemDefaultsV4 =
    [
        ("0.0.0.0/0", NextHopTypes.Internet),
        ("10.0.0.0/8", NextHopTypes.None),
        ("172.16.0.0/12", NextHopTypes.None),
        ("192.168.0.0/16", NextHopTypes.None),
        ("100.64.0.0/10", NextHopTypes.None),
    ];

    /// <summary>The default system routes of an IPv4 subnet (the Internet default and the None routes for the private ranges).</summary>
    public static IReadOnlyList<Route> SystemDefaults(bool ipv4) => ipv4
        ? SystemDefaultsV4.Select(d => new Route(IpPrefix.Parse(d.Prefix), string.Empty, AsPath.Empty, RouteOrigins.SystemRoute, NextHopType: d.NextHopType, State: RouteState.Active)).ToArray()
        : [];

    /// <summary>The priority of a route's source among routes of one prefix: user, then BGP, then system; an unknown source last.</summary>
    public static int Priority(Route route) => route.Origin switch
    {
        RouteOrigins.UserRoute => 3,
        RouteOrigins.GatewayRoute => 2,
        RouteOrigins.SystemRoute => 1,
        _ => 0,
    };

    /// <summary>
    /// Marks each route Active or Invalid as Azure would: per prefix, every route of the highest-priority source present is
    /// Active (several of them are ECMP paths), every other Invalid. One route per key.
    /// </summary>
    public static IReadOnlyList<Route> Select(IEnumerable<Route> routes)
    {
        var result = new List<Route>();
        foreach (var group in RouteSet.ByKey(routes).Values.GroupBy(r => r.Prefix))
        {
            var best = group.Max(Priority);
            result.AddRange(group.Select(r => r with { State = Priority(r) == best ? RouteState.Active : RouteState.Invalid }));
        }

        return RouteSet.Normalise(result);
    }
}
