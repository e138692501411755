namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// The route limits that stop a prefix (DESIGN.md §1; Microsoft's docs as of 2025):
/// Route Server: https://learn.microsoft.com/azure/route-server/route-server-faq (a peer advertising more than
/// 4,000 routes has its BGP session torn down);
/// ExpressRoute: https://learn.microsoft.com/azure/expressroute/expressroute-faq and
/// https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits
/// (private peering accepts 4,000 IPv4 prefixes from on-prem on Standard, 10,000 on Premium, 100 IPv6, above which
/// the BGP session drops; a gateway advertises at most 1,000 IPv4 / 100 IPv6 prefixes toward on-prem, above which
/// the circuit's connection to it goes down).
/// </summary>
public static class AzureRouteLimits
{
    public const long RouteServerPerPeer = 4000;
    public const long PrivatePeeringStandardV4 = 4000;
    public const long PrivatePeeringPremiumV4 = 10000;
    public const long PrivatePeeringV6 = 100;
    public const long AdvertisedToOnPremV4 = 1000;
    public const long AdvertisedToOnPremV6 = 100;

    public static long PrivatePeering(CircuitFacts circuit, bool ipv4) =>
        !ipv4 ? PrivatePeeringV6 : circuit.IsPremium ? PrivatePeeringPremiumV4 : PrivatePeeringStandardV4;

    public static long AdvertisedToOnPrem(bool ipv4) => ipv4 ? AdvertisedToOnPremV4 : AdvertisedToOnPremV6;
}

/// <summary>The counts the limits apply to, from the origins (what each speaker announces), computed once per estate.</summary>
public sealed class EstateCounts
{
    private readonly Dictionary<(string Site, bool V4), long> _site = [];
    private readonly Dictionary<(string Peer, string RouteServer, int Instance), long> _peer = [];
    private readonly Dictionary<(string Gateway, bool V4), long> _gateway = [];

    public EstateCounts(RoutingEstate estate, EstateOrigins origins)
    {
        foreach (var o in origins.All.Where(o => o.Kind == OriginKind.OnPrem))
        {
            Add(_site, (o.NodeId, o.Prefix.IsIPv4));
        }

        foreach (var o in origins.All.Where(o => o.Kind == OriginKind.Nva))
        {
            foreach (var session in estate.SessionsOf(o.NodeId))
            {
                var rs = estate.RouteServer(session.RouteServerNodeId)!;
                for (var i = 0; i < rs.Instances; i++)
                {
                    if (o.AnnouncedOn(i))
                    {
                        Add(_peer, (o.NodeId, rs.NodeId, i));
                    }
                }
            }
        }

        // What a gateway advertises toward on-prem: its hub's and peered spokes' address space, plus (branch-to-branch
        // on) the distinct prefixes Route Server accepted from its peers.
        foreach (var gateway in estate.Gateways)
        {
            var prefixes = new HashSet<IpPrefix>();
            foreach (var vnet in estate.Vnets.Where(v => estate.HubOf(v) is { } hub && hub == gateway.HubNodeId))
            {
                prefixes.UnionWith(origins.Of(vnet.NodeId).Select(o => o.Prefix));
            }

            foreach (var rs in estate.RouteServersOf(gateway.NodeId).Where(r => r.BranchToBranch))
            {
                foreach (var peer in estate.PeersOf(rs.NodeId))
                {
                    var accepted = Enumerable.Range(0, rs.Instances).Any(i => PeerAnnounced(peer.NodeId, rs.NodeId, i) <= AzureRouteLimits.RouteServerPerPeer);
                    if (accepted && !peer.State.GetValueOrDefault().IsDown())
                    {
                        prefixes.UnionWith(origins.Of(peer.NodeId).Where(o => o.Kind == OriginKind.Nva && !o.AsPath.Contains(rs.Asn)).Select(o => o.Prefix));
                    }
                }
            }

            _gateway[(gateway.NodeId, true)] = prefixes.Count(p => p.IsIPv4);
            _gateway[(gateway.NodeId, false)] = prefixes.Count(p => !p.IsIPv4);
        }
    }

    /// <summary>Prefixes a site announces in one family.</summary>
    public long SiteAnnounced(string siteNodeId, bool ipv4) => _site.GetValueOrDefault((siteNodeId, ipv4));

    /// <summary>Routes a peer announces to one Route Server instance.</summary>
    public long PeerAnnounced(string peerNodeId, string routeServerNodeId, int instance) => _peer.GetValueOrDefault((peerNodeId, routeServerNodeId, instance));

    /// <summary>Prefixes a gateway advertises toward its circuits in one family.</summary>
    public long GatewayAdvertised(string gatewayNodeId, bool ipv4) => _gateway.GetValueOrDefault((gatewayNodeId, ipv4));

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + 1;
}
