using System.Data.Common;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>Reads route columns of RouteIntervals back into <see cref="Route"/>s; one place for the column order.</summary>
internal static class IntervalReader
{
    public const string RouteColumns = "Network, PrefixLength, NextHop, SourcePeer, LocalAddress, AsPath, Origin, Weight, LocalPreference, NextHopType, State";
    public const int RouteColumnCount = 11;

    public static Route ReadRoute(DbDataReader reader, int first)
    {
        var network = (byte[])reader.GetValue(first);
        var sourcePeer = reader.GetString(first + 3);
        var localAddress = reader.GetString(first + 4);
        var nextHopType = reader.GetString(first + 9);
        return new Route(
            IpPrefix.FromNetwork(network, reader.GetInt32(first + 1)),
            reader.GetString(first + 2),
            AsPath.Parse(reader.GetString(first + 5)),
            reader.GetString(first + 6),
            reader.IsDBNull(first + 7) ? null : reader.GetInt64(first + 7),
            reader.IsDBNull(first + 8) ? null : reader.GetInt64(first + 8),
            sourcePeer.Length == 0 ? null : sourcePeer,
            localAddress.Length == 0 ? null : localAddress,
            nextHopType.Length == 0 ? null : nextHopType,
            reader.IsDBNull(first + 10) ? null : (RouteState)reader.GetInt32(first + 10));
    }
}
