using System.Security.Cryptography;
using System.Text;

namespace HybridRoutingPortal.Core;

/// <summary>Helpers over a vantage point's set of routes.</summary>
public static class RouteSet
{
    /// <summary>
    /// One route per key. ARM can list the same route twice (the Route Server example repeats entries);
    /// the first one wins so a set is a set.
    /// </summary>
    public static Dictionary<RouteKey, Route> ByKey(IEnumerable<Route> routes)
    {
        var map = new Dictionary<RouteKey, Route>();
        foreach (var route in routes)
        {
            map.TryAdd(route.Key, route);
        }

        return map;
    }

    public static IReadOnlyList<Route> Normalise(IEnumerable<Route> routes) =>
        ByKey(routes).Values.OrderBy(r => r.Prefix).ThenBy(r => r.NextHop, StringComparer.Ordinal)
            .ThenBy(r => r.SourcePeer, StringComparer.Ordinal).ThenBy(r => r.LocalAddress, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// A hash of the set's content, independent of order. The store compares it first, so an unchanged
    /// poll costs one row and no interval reads.
    /// </summary>
    public static string ContentHash(IEnumerable<Route> routes)
    {
        var lines = ByKey(routes).Values.Select(r => r.Canonical).ToArray();
        Array.Sort(lines, StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> newline = [(byte)'\n'];
        foreach (var line in lines)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line));
            hash.AppendData(newline);
        }

        return Convert.ToHexString(hash.GetHashAndReset(), 0, 16);
    }
}
