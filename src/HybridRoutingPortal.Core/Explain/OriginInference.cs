using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain;

/// <summary>
/// Reads the origins from what the estate shows, for a source that does not describe them (Azure): AVS's and the
/// VNets' definitions (their vantage points and the topology's facts), what each customer edge announces (circuit
/// routes whose AS path starts with the site's ASN, or the gateway's routes from an MSEE with 12076 then the site's
/// ASN), what each NVA announces per Route Server instance (Route Server's learned routes), and each route table's user routes.
/// </summary>
public static class OriginInference
{
    public static EstateOrigins Infer(RoutingEstate estate, ObservedRoutes observed)
    {
        var origins = new List<PrefixOrigin>();
        foreach (var cloud in estate.PrivateClouds)
        {
            origins.AddRange(cloud.Block.Select(b => new PrefixOrigin(b, OriginKind.Avs, cloud.NodeId, AsPath.Empty, Role: AvsRole.ManagementBlock)));
            origins.AddRange(cloud.Segments.Select(s => new PrefixOrigin(s.Prefix, OriginKind.Avs, cloud.NodeId, AsPath.Empty, s.Name, AvsRole.Segment)));
        }

        foreach (var vnet in estate.Vnets)
        {
            origins.AddRange(vnet.Prefixes.Select(p => new PrefixOrigin(p, OriginKind.Vnet, vnet.NodeId, AsPath.Empty)));
        }

        foreach (var vantage in estate.VantagePoints)
        {
            if (estate.StationOf(vantage.Id) is not { } station)
            {
                continue;
            }

            var routes = observed.RoutesAt(vantage.Id);
            switch (station.Kind)
            {
                case StationKind.PrivateCloud:
                    origins.AddRange(routes.Select(r => r.Origin == RouteOrigins.AvsSegment
                        ? new PrefixOrigin(r.Prefix, OriginKind.Avs, station.NodeId, AsPath.Empty, r.SourcePeer, AvsRole.Segment)
                        : new PrefixOrigin(r.Prefix, OriginKind.Avs, station.NodeId, AsPath.Empty, Role: AvsRole.ManagementBlock)));
                    break;
                case StationKind.Vnet:
                    origins.AddRange(routes.Select(r => new PrefixOrigin(r.Prefix, OriginKind.Vnet, station.NodeId, AsPath.Empty)));
                    break;
                case StationKind.RouteTable:
                    origins.AddRange(routes.Select(r => new PrefixOrigin(r.Prefix, OriginKind.UserRoute, station.NodeId, AsPath.Empty,
                        NextHopType: r.NextHopType, NextHop: r.NextHop)));
                    break;
                case StationKind.RouteServerIn when station.PeerNodeId is { } peer:
                    var instance = new HashSet<int> { station.Index };
                    origins.AddRange(routes.Select(r => new PrefixOrigin(r.Prefix, OriginKind.Nva, peer, r.AsPath, Instances: instance)));
                    break;
                case StationKind.CircuitEdge when estate.Circuit(station.NodeId) is { } circuit:
                    foreach (var session in circuit.EdgeSessions)
                    {
                        var site = estate.Site(session.SiteNodeId);
                        origins.AddRange(routes.Where(r => FromSite(r, site)).Select(r => new PrefixOrigin(r.Prefix, OriginKind.OnPrem, session.SiteNodeId, r.AsPath)));
                    }

                    break;
                case StationKind.GatewayRib:
                    foreach (var circuit in estate.Circuits.Where(c => c.Connections.Any(k => k.GatewayNodeId == station.NodeId)))
                    {
                        foreach (var site in circuit.EdgeSessions.Select(e => estate.Site(e.SiteNodeId)).OfType<SiteFacts>().DistinctBy(s => s.NodeId))
                        {
                            origins.AddRange(routes.Where(r => FromSiteThroughMsee(r, site, circuit))
                                .Select(r => new PrefixOrigin(r.Prefix, OriginKind.OnPrem, site.NodeId, AsPath.Of([.. r.AsPath.Asns.Skip(1)]))));
                        }
                    }

                    break;
            }
        }

        return new EstateOrigins(origins.Where(o => o.Kind != OriginKind.Vnet || o.Prefix.Length > 0));
    }

    /// <summary>A circuit route from the customer edge: its AS path starts with the site's ASN (or its next hop is the edge).</summary>
    private static bool FromSite(Route r, SiteFacts? site) =>
        site is not null && !r.AsPath.Contains(AzureAsns.Azure)
        && ((site.Asn is { } asn && r.AsPath.Asns is [var first, ..] && first == asn) || site.EdgeAddresses.Contains(r.NextHop));

    /// <summary>A gateway route learned from the circuit's MSEE whose path is 12076 then the site's ASN.</summary>
    private static bool FromSiteThroughMsee(Route r, SiteFacts site, CircuitFacts circuit) =>
        site.Asn is { } asn && r.AsPath.Asns is [AzureAsns.MicrosoftEdge, var second, ..] && second == asn
        && (circuit.MseeAddresses.Count == 0 || circuit.MseeAddresses.Contains(r.SourcePeer ?? r.NextHop));
}
