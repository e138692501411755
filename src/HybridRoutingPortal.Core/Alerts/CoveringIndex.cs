namespace HybridRoutingPortal.Core.Alerts;

/// <summary>
/// The prefixes of a route set, for "is P (or a route covering it) here?" in at most 129 hash lookups
/// (one per supernet of P) instead of a scan: 10,000 expectations against 100,000 routes stay cheap.
/// </summary>
public sealed class CoveringIndex
{
    private readonly Dictionary<IpPrefix, Route> _byPrefix = [];

    public CoveringIndex(IEnumerable<Route> routes)
    {
        foreach (var route in routes)
        {
            _byPrefix.TryAdd(route.Prefix, route);
        }
    }

    /// <summary>The most specific route covering <paramref name="prefix"/>; a default route only when asked for.</summary>
    public Route? MostSpecificCovering(IpPrefix prefix, bool allowDefault)
    {
        for (var length = prefix.Length; length >= (allowDefault ? 0 : 1); length--)
        {
            if (_byPrefix.TryGetValue(IpPrefix.FromNetwork(prefix.StartBytes, length), out var route))
            {
                return route;
            }
        }

        return null;
    }

    public Route? MetBy(Expectation expectation) => MostSpecificCovering(expectation.Prefix, allowDefault: expectation.Prefix.Length == 0);
}
