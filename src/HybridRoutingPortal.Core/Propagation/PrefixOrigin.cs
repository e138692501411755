namespace HybridRoutingPortal.Core.Propagation;

/// <summary>Where a prefix enters the estate.</summary>
public enum OriginKind
{
    /// <summary>Announced by an on-prem customer edge into its circuits.</summary>
    OnPrem,

    /// <summary>Defined by an AVS private cloud (its management block or an NSX segment).</summary>
    Avs,

    /// <summary>A VNet's address space (advertised by the gateway and Route Server).</summary>
    Vnet,

    /// <summary>Originated by an NVA toward Route Server (a summary, a default route).</summary>
    Nva,

    /// <summary>A user-defined route of a route table: it enters the NICs of the subnets the table is attached to, nowhere else.</summary>
    UserRoute,
}

/// <summary>What an AVS origin is: the private cloud's /22 block or one of its segments.</summary>
public enum AvsRole
{
    ManagementBlock,
    Segment,
}

/// <summary>
/// One prefix entering the estate at one node. <see cref="AsPath"/> is the path as the origin sends it (an NVA's
/// own ASN with any prepends, on-prem's ASN). <see cref="Instances"/> restricts an NVA origin to some Route
/// Server instances (null: all); <see cref="Name"/> is an AVS segment's ARM name. A user route says where it sends
/// traffic (<see cref="NextHopType"/>, <see cref="NextHop"/>: the appliance address).
/// </summary>
public sealed record PrefixOrigin(
    IpPrefix Prefix,
    OriginKind Kind,
    string NodeId,
    AsPath AsPath,
    string? Name = null,
    AvsRole? Role = null,
    IReadOnlySet<int>? Instances = null,
    string? NextHopType = null,
    string? NextHop = null)
{
    public bool AnnouncedOn(int instance) => Instances is null || Instances.Contains(instance);

    /// <summary>An origin defined by the estate's configuration (AVS, VNet) rather than announced in BGP: authoritative for an address inside it.</summary>
    public bool IsDefinition => Kind is OriginKind.Avs or OriginKind.Vnet;
}

/// <summary>Every origin of an estate, with the lookups the model and the explainer need.</summary>
public sealed class EstateOrigins
{
    private readonly Dictionary<IpPrefix, List<PrefixOrigin>> _byPrefix = [];
    private readonly Dictionary<string, List<PrefixOrigin>> _byNode = new(StringComparer.Ordinal);
    private readonly HashSet<int> _lengths = [];

    public EstateOrigins(IEnumerable<PrefixOrigin> origins)
    {
        // One origin per prefix, kind and node: an NVA announcing a prefix to each instance separately is one origin.
        All = origins.GroupBy(o => (o.Prefix, o.Kind, o.NodeId)).Select(g => g.Aggregate(Merge)).ToArray();
        foreach (var origin in All)
        {
            if (!_byPrefix.TryGetValue(origin.Prefix, out var list))
            {
                _byPrefix[origin.Prefix] = list = [];
            }

            list.Add(origin);
            if (!_byNode.TryGetValue(origin.NodeId, out var byNode))
            {
                _byNode[origin.NodeId] = byNode = [];
            }

            byNode.Add(origin);
            _lengths.Add(origin.Prefix.Length);
        }

        Lengths = _lengths.OrderDescending().ToArray();
    }

    public static readonly EstateOrigins Empty = new([]);

    public IReadOnlyList<PrefixOrigin> All { get; }

    /// <summary>The prefix lengths origins use, longest first (covering lookups only try these).</summary>
    public IReadOnlyList<int> Lengths { get; }

    public IReadOnlyList<PrefixOrigin> At(IpPrefix prefix) => _byPrefix.TryGetValue(prefix, out var list) ? list : [];

    public IReadOnlyList<PrefixOrigin> Of(string nodeId) => _byNode.TryGetValue(nodeId, out var list) ? list : [];

    /// <summary>Origins whose prefix covers <paramref name="prefix"/>, most specific first.</summary>
    public IEnumerable<PrefixOrigin> Covering(IpPrefix prefix)
    {
        foreach (var length in Lengths)
        {
            if (length <= prefix.Length && _byPrefix.TryGetValue(prefix.Supernet(length), out var list))
            {
                foreach (var o in list)
                {
                    yield return o;
                }
            }
        }
    }

    public EstateOrigins With(IEnumerable<PrefixOrigin> more) => new(All.Concat(more));

    private static PrefixOrigin Merge(PrefixOrigin a, PrefixOrigin b) =>
        a.Instances is null || b.Instances is null ? a with { Instances = null } : a with { Instances = a.Instances.Union(b.Instances).ToHashSet() };
}
