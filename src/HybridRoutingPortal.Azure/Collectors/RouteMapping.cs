using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Collectors;

/// <summary>ARM route shapes to domain routes. A route that cannot be read fails its whole vantage point as malformed.</summary>
internal static class RouteMapping
{
    public static Route FromPeerRoute(PeerRoute r, string operation) =>
        new(Prefix(r.Network, operation), r.NextHop ?? "", AsPath.Parse(r.AsPath), r.Origin ?? "", r.Weight, null,
            Empty(r.SourcePeer), Empty(r.LocalAddress));

    public static Route FromCircuitRoute(CircuitRoute r, string operation) =>
        new(Prefix(r.Network, operation), r.NextHop ?? "", AsPath.Parse(r.Path), "", r.Weight,
            long.TryParse(r.LocPrf, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var lp) ? lp : null);

    public static IpPrefix Prefix(string? text, string operation) =>
        IpPrefix.TryParse(text, out var prefix, out var error)
            ? prefix
            : throw ArmFailure.Malformed(operation, $"a route has no valid network ({error})");

    public static IReadOnlyList<Route> Required<T>(IReadOnlyList<T>? rows, string operation, Func<T, string, Route> map) =>
        rows is null
            ? throw ArmFailure.Malformed(operation, "the final answer had no body.")
            : rows.Select(r => map(r, operation)).ToArray();

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
