using System.Net;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Collectors;

/// <summary>A vantage point's routes, and the rows of ARM's answer that were left out and why.</summary>
internal sealed record MappedRoutes(IReadOnlyList<Route> Routes, int Skipped, string? SkipReason);

/// <summary>
/// ARM route shapes to domain routes. A row that cannot be read (no network, an unparsable one) is
/// left out and counted; an answer whose rows are all unreadable fails its vantage point as malformed,
/// so a table of unreadable rows never reads as "no routes".
/// </summary>
internal static class RouteMapping
{
    public static MappedRoutes FromPeerRoutes(IReadOnlyList<PeerRoute?> rows, string operation) =>
        Map(rows, operation, r => r.Network, (r, prefix) => new Route(prefix, NextHop(r.NextHop), AsPath.Parse(r.AsPath), r.Origin ?? "", r.Weight, null,
            Empty(r.SourcePeer), Empty(r.LocalAddress)));

    public static MappedRoutes FromCircuitRoutes(IReadOnlyList<CircuitRoute?> rows, string operation) =>
        Map(rows, operation, r => r.Network, (r, prefix) => new Route(prefix, NextHop(r.NextHop), AsPath.Parse(r.Path), "", r.Weight,
            long.TryParse(r.LocPrf, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var lp) ? lp : null));

    /// <summary>
    /// A NIC's effective routes: one route per address prefix and next-hop address of each row (a row may list several prefixes,
    /// and several next hops for ECMP), with ARM's source (Default, User, VirtualNetworkGateway, …) as the origin, its next-hop
    /// type kept as ARM spells it (an unknown one too), and its state. A row whose state is neither Active nor Invalid is left
    /// out and counted: guessing would decide which route the VM uses.
    /// </summary>
    public static MappedRoutes FromEffectiveRoutes(IReadOnlyList<EffectiveRouteDto?> rows, string operation)
    {
        var routes = new List<Route>(rows.Count);
        var skipped = 0;
        string? reason = null;
        void Skip(string why)
        {
            skipped++;
            reason ??= why;
        }

        foreach (var row in rows)
        {
            if (row is null)
            {
                Skip("a row is null");
                continue;
            }

            RouteState? state = row.State switch
            {
                { } s when s.Equals("Active", StringComparison.OrdinalIgnoreCase) => RouteState.Active,
                { } s when s.Equals("Invalid", StringComparison.OrdinalIgnoreCase) => RouteState.Invalid,
                _ => null,
            };
            if (state is null)
            {
                Skip($"a row's state is neither Active nor Invalid ({row.State ?? "none"})");
                continue;
            }

            if (row.AddressPrefix is not { Count: > 0 } prefixes)
            {
                Skip("a row has no address prefix");
                continue;
            }

            var source = string.IsNullOrWhiteSpace(row.Source) ? "Unknown" : row.Source.Trim();
            var hops = (row.NextHopIpAddress ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h.Trim()).DefaultIfEmpty(string.Empty).ToArray();
            foreach (var text in prefixes)
            {
                if (!IpPrefix.TryParse(text, out var prefix, out var error))
                {
                    Skip($"a row's address prefix is not a prefix ({error})");
                    continue;
                }

                routes.AddRange(hops.Select(hop => new Route(prefix, hop, AsPath.Empty, source, NextHopType: NextHopTypeOf(row.NextHopType), State: state)));
            }
        }

        if (routes.Count == 0 && skipped > 0)
        {
            throw ArmFailure.Malformed(operation, $"none of its {skipped} rows could be read ({reason}).");
        }

        return new MappedRoutes(routes, skipped, reason);
    }

    /// <summary>A route table's user-defined routes: where each sends its prefix (an appliance's address for VirtualAppliance).</summary>
    public static MappedRoutes FromUserRoutes(IReadOnlyList<UserRouteInfo> rows, string operation) =>
        Map(rows, operation, r => r.AddressPrefix, (r, prefix) => new Route(prefix, r.NextHopIpAddress?.Trim() ?? string.Empty, AsPath.Empty, RouteOrigins.UserRoute,
            NextHopType: NextHopTypeOf(r.NextHopType)));

    /// <summary>
    /// ARM's next-hop type, trimmed; a missing one is null, as the store reads it back, so the route's key is the same in
    /// memory and stored (an empty type would put its source in the key in memory only, and reopen the interval every poll).
    /// </summary>
    private static string? NextHopTypeOf(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static IpPrefix Prefix(string? text, string operation) =>
        IpPrefix.TryParse(text, out var prefix, out var error)
            ? prefix
            : throw ArmFailure.Malformed(operation, $"a route has no valid network ({error})");

    /// <summary>
    /// The next hop as an address. ARM's ExpressRoute tables copy the router's markers into the field
    /// ("10.17.17.140*" for the selected path); they are stripped so the same hop compares equal across
    /// polls and vantage points. A value that is not an address after that is kept as ARM sent it.
    /// </summary>
    public static string NextHop(string? text)
    {
        var raw = (text ?? "").Trim();
        var end = 0;
        while (end < raw.Length && (char.IsAsciiHexDigit(raw[end]) || raw[end] is '.' or ':'))
        {
            end++;
        }

        var address = raw[..end];
        return end > 0 && end < raw.Length && IPAddress.TryParse(address, out _) ? address : raw;
    }

    private static MappedRoutes Map<T>(IReadOnlyList<T?> rows, string operation, Func<T, string?> network, Func<T, IpPrefix, Route> map)
        where T : class
    {
        var routes = new List<Route>(rows.Count);
        var skipped = 0;
        string? reason = null;
        foreach (var row in rows)
        {
            if (row is null)
            {
                skipped++;
                reason ??= "a row is null";
                continue;
            }

            if (!IpPrefix.TryParse(network(row), out var prefix, out var error))
            {
                skipped++;
                reason ??= string.IsNullOrWhiteSpace(network(row)) ? "a row has no network" : $"a row's network is not a prefix ({error})";
                continue;
            }

            routes.Add(map(row, prefix));
        }

        if (routes.Count == 0 && skipped > 0)
        {
            throw ArmFailure.Malformed(operation, $"none of its {skipped} rows could be read ({reason}).");
        }

        return new MappedRoutes(routes, skipped, reason);
    }

    private static string? Empty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
