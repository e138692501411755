namespace HybridRoutingPortal.Core.Propagation;

/// <summary>
/// How an estate means to connect its circuits, read from its facts: Global Reach links, and NVAs that originate
/// summaries of the far side (transit NVAs: the hairpin through Route Server). Decides which stops are breaks and
/// which are the design working as intended.
/// </summary>
public sealed class EstateDesign
{
    private readonly RoutingEstate _estate;
    private readonly EstateOrigins _origins;
    private readonly HashSet<string> _transitNvas = new(StringComparer.Ordinal);
    private readonly HashSet<PrefixOrigin> _summaries = [];
    private readonly Dictionary<string, IReadOnlySet<string>> _originCircuits = new(StringComparer.Ordinal);

    public EstateDesign(RoutingEstate estate, EstateOrigins origins)
    {
        _estate = estate;
        _origins = origins;
        foreach (var side in origins.All.Where(o => o.Kind is OriginKind.OnPrem or OriginKind.Avs))
        {
            foreach (var summary in origins.Covering(side.Prefix).Where(o => o.Kind == OriginKind.Nva && o.Prefix.Length > 0))
            {
                _transitNvas.Add(summary.NodeId);
                _summaries.Add(summary);
            }
        }
    }

    /// <summary>An NVA that re-advertises the far side through summaries it originates: part of the hairpin.</summary>
    public bool IsTransitNva(string nvaNodeId) => _transitNvas.Contains(nvaNodeId);

    public IReadOnlyCollection<string> TransitNvas => _transitNvas;

    /// <summary>An NVA route that covers something an on-prem site or AVS announces: a summary the hairpin carries it in.</summary>
    public bool IsSummary(PrefixOrigin origin) => _summaries.Contains(origin);

    /// <summary>The NVA's most specific own route covering <paramref name="prefix"/> toward one instance (never the default route).</summary>
    public PrefixOrigin? SummaryOf(string nvaNodeId, IpPrefix prefix, int instance) =>
        _origins.Covering(prefix).FirstOrDefault(o => o.Kind == OriginKind.Nva && o.NodeId == nvaNodeId && o.Prefix.Length > 0 && o.AnnouncedOn(instance));

    /// <summary>The NVA's own routes (what it advertises), for evidence.</summary>
    public IEnumerable<PrefixOrigin> AdvertisementsOf(string nvaNodeId) => _origins.Of(nvaNodeId).Where(o => o.Kind == OriginKind.Nva);

    /// <summary>The circuits a prefix enters the estate through (an on-prem site's, an AVS private cloud's).</summary>
    public IReadOnlySet<string> OriginCircuits(PrefixOrigin origin)
    {
        var key = origin.Kind + "|" + origin.NodeId;
        lock (_originCircuits)
        {
            if (!_originCircuits.TryGetValue(key, out var set))
            {
                set = origin.Kind switch
                {
                    OriginKind.OnPrem => _estate.CircuitsOfSite(origin.NodeId).Select(c => c.NodeId).ToHashSet(StringComparer.Ordinal),
                    OriginKind.Avs when _estate.PrivateCloud(origin.NodeId)?.CircuitNodeId is { } c => new HashSet<string>(StringComparer.Ordinal) { c },
                    _ => new HashSet<string>(StringComparer.Ordinal),
                };
                _originCircuits[key] = set;
            }

            return set;
        }
    }

    /// <summary>
    /// Whether Route Server must exchange routes with the gateway for the estate to work: a transit NVA peers with it,
    /// or an AVS private cloud and an NVA are there to meet through it (the alert rule's condition too).
    /// </summary>
    public bool NeedsBranchToBranch(RouteServerFacts rs)
    {
        var peers = _estate.PeersOf(rs.NodeId).ToArray();
        return rs.BranchToBranch || peers.Any(p => IsTransitNva(p.NodeId))
            || (peers.Length > 0 && _estate.Circuits.Any(c => c.IsAvs && c.Connections.Any(k => rs.GatewayNodeIds.Contains(k.GatewayNodeId))));
    }
}
