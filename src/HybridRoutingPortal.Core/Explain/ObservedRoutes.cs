namespace HybridRoutingPortal.Core.Explain;

/// <summary>
/// What the estate showed at a moment: each vantage point's routes, and which vantage points are unknown (their
/// last poll failed, with why, or they were never polled: no failure). An unknown vantage point's routes, if given,
/// are its last known ones: they still name origins, but the hop is unknown, never absent.
/// </summary>
public sealed class ObservedRoutes
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<Route>> _routes;
    private readonly IReadOnlyDictionary<string, ObservationFailure?> _unknown;
    private readonly Dictionary<string, RouteIndex> _indexes = new(StringComparer.Ordinal);

    public ObservedRoutes(IReadOnlyDictionary<string, IReadOnlyList<Route>> routes, IReadOnlyDictionary<string, ObservationFailure?>? unknown = null)
    {
        _routes = routes;
        _unknown = unknown ?? new Dictionary<string, ObservationFailure?>();
    }

    public IEnumerable<string> VantageIds => _routes.Keys;

    public IReadOnlyList<Route> RoutesAt(string vantageId) => _routes.TryGetValue(vantageId, out var r) ? r : [];

    /// <summary>A vantage point is unknown when marked so, or when nothing was observed there at all.</summary>
    public bool IsUnknown(string vantageId) => _unknown.ContainsKey(vantageId) || !_routes.ContainsKey(vantageId);

    /// <summary>Why it is unknown: the failure, or null (never polled).</summary>
    public ObservationFailure? FailureAt(string vantageId) => _unknown.GetValueOrDefault(vantageId);

    /// <summary>The vantage point's routes, indexed once for every explanation that reads them.</summary>
    public RouteIndex IndexAt(string vantageId)
    {
        lock (_indexes)
        {
            if (!_indexes.TryGetValue(vantageId, out var index))
            {
                _indexes[vantageId] = index = new RouteIndex(RoutesAt(vantageId));
            }

            return index;
        }
    }
}

/// <summary>
/// One vantage point's routes by prefix, for "which route covers P" in one hash lookup per prefix length the
/// vantage point actually holds (as <see cref="Alerts.CoveringIndex"/>, keeping every route of a prefix). The first
/// few questions are answered by a scan instead: explaining one prefix should not pay for indexing every route.
/// </summary>
public sealed class RouteIndex
{
    private const int ScansBeforeIndexing = 4;
    private readonly IReadOnlyList<Route> _routes;
    private Dictionary<IpPrefix, List<Route>>? _byPrefix;
    private int[] _v4Lengths = [];
    private int[] _v6Lengths = [];
    private int _scans;

    public RouteIndex(IReadOnlyList<Route> routes) => _routes = routes;

    public int Count => Indexed.Count;

    public IReadOnlyCollection<IpPrefix> Prefixes => Indexed.Keys;

    public IReadOnlyList<Route> Exactly(IpPrefix prefix) => Indexed.TryGetValue(prefix, out var list) ? list : [];

    /// <summary>The most specific route covering <paramref name="prefix"/>, not counting the default route unless it is the prefix itself.</summary>
    public Route? MostSpecificCovering(IpPrefix prefix)
    {
        if (_byPrefix is null && Interlocked.Increment(ref _scans) <= ScansBeforeIndexing)
        {
            Route? best = null;
            foreach (var route in _routes)
            {
                if (route.Prefix.Contains(prefix) && (route.Prefix.Length > 0 || prefix.Length == 0) && (best is null || route.Prefix.Length > best.Prefix.Length))
                {
                    best = route;
                }
            }

            return best;
        }

        var index = Indexed;
        foreach (var length in prefix.IsIPv4 ? _v4Lengths : _v6Lengths)
        {
            if (length <= prefix.Length && (length > 0 || prefix.Length == 0) && index.TryGetValue(prefix.Supernet(length), out var list))
            {
                return list[0];
            }
        }

        return null;
    }

    /// <summary>The default route of the prefix's family, if the vantage point holds one.</summary>
    public Route? Default(IpPrefix prefix)
    {
        if (_byPrefix is null && _scans <= ScansBeforeIndexing)
        {
            var zero = prefix.Supernet(0);
            return _routes.FirstOrDefault(r => r.Prefix == zero);
        }

        return Indexed.TryGetValue(prefix.Supernet(0), out var list) ? list[0] : null;
    }

    private Dictionary<IpPrefix, List<Route>> Indexed
    {
        get
        {
            if (_byPrefix is not null)
            {
                return _byPrefix;
            }

            var byPrefix = new Dictionary<IpPrefix, List<Route>>(_routes.Count);
            foreach (var route in _routes)
            {
                if (!byPrefix.TryGetValue(route.Prefix, out var list))
                {
                    byPrefix[route.Prefix] = list = new List<Route>(2);
                }

                list.Add(route);
            }

            _v4Lengths = byPrefix.Keys.Where(p => p.IsIPv4).Select(p => p.Length).Distinct().OrderDescending().ToArray();
            _v6Lengths = byPrefix.Keys.Where(p => !p.IsIPv4).Select(p => p.Length).Distinct().OrderDescending().ToArray();
            _byPrefix = byPrefix;
            return byPrefix;
        }
    }
}
