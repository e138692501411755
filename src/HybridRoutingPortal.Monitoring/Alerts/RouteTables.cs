using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.Alerts;

/// <summary>A vantage point's routes at the evaluated moment, indexed for covering lookups.</summary>
public sealed record RouteTable(IReadOnlyList<Route> Routes, CoveringIndex Index)
{
    public static readonly RouteTable Empty = new([], new CoveringIndex([]));

    public static RouteTable Of(IReadOnlyList<Route> routes) => new(routes, new CoveringIndex(routes));
}

/// <summary>The route reads the rules need, so each rule can be tested against tables in memory.</summary>
public interface IRouteTables
{
    /// <summary>The routes at the evaluated moment.</summary>
    Task<RouteTable> AtAsync(string vantageId, CancellationToken cancellationToken);

    /// <summary>Whether the vantage point held exactly <paramref name="prefix"/> just before the evaluated moment.</summary>
    Task<bool> HeldJustBeforeAsync(string vantageId, IpPrefix prefix, CancellationToken cancellationToken);

    /// <summary>Whether it held exactly <paramref name="prefix"/> at any time since <paramref name="since"/>.</summary>
    Task<bool> HeldSinceAsync(string vantageId, IpPrefix prefix, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// Route tables read from the store at one moment, each read once per evaluation whoever asks
/// (derived expectations, the rules and the asymmetry check share them).
/// </summary>
public sealed class StoredRouteTables(RoutingQueries queries, DateTimeOffset at) : IRouteTables
{
    private readonly Dictionary<string, RouteTable> _cache = [];

    /// <summary>
    /// Routes the writer just stored for a vantage point at this moment (<see cref="IngestResult.Routes"/>): the same
    /// answer the store would give, without reading a large table back.
    /// </summary>
    public void Seed(string vantageId, IReadOnlyList<Route> routes) => _cache[vantageId] = RouteTable.Of(RoutingQueries.InRouteOrder(routes).ToArray());

    public async Task<RouteTable> AtAsync(string vantageId, CancellationToken cancellationToken)
    {
        if (!_cache.TryGetValue(vantageId, out var table))
        {
            table = RouteTable.Of((await queries.RoutesAtAsync(vantageId, at, null, cancellationToken)).Select(r => r.Route).ToArray());
            _cache[vantageId] = table;
        }

        return table;
    }

    public async Task<bool> HeldJustBeforeAsync(string vantageId, IpPrefix prefix, CancellationToken cancellationToken) =>
        (await queries.RoutesAtAsync(vantageId, at.AddTicks(-1), new PrefixFilter(prefix, PrefixMatch.Exact), cancellationToken)).Count > 0;

    public async Task<bool> HeldSinceAsync(string vantageId, IpPrefix prefix, DateTimeOffset since, CancellationToken cancellationToken) =>
        (await queries.TimelineAsync(new PrefixFilter(prefix, PrefixMatch.Exact), since, at, vantageId, cancellationToken)).Lanes.Count > 0;
}
