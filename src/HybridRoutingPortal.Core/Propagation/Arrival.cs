using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation;

/// <summary>The Azure behaviour that carries a route over one hop (the "via" of a hop).</summary>
public enum HopRule
{
    /// <summary>Where the prefix enters the estate.</summary>
    Origin,

    /// <summary>The customer edge announces it to the MSEE over eBGP (private peering).</summary>
    CustomerEdge,

    /// <summary>An AVS private cloud announces it into its managed circuit.</summary>
    AvsCircuit,

    /// <summary>ExpressRoute Global Reach: one circuit's MSEE passes it to another circuit's.</summary>
    GlobalReach,

    /// <summary>The gateway learns it from the MSEE over the circuit's connection (path gains 12076).</summary>
    ExpressRouteLearned,

    /// <summary>The gateway advertises it to an MSEE (path gains 65515).</summary>
    GatewayAdvertises,

    /// <summary>The MSEE holds what the gateway advertised to it.</summary>
    MseeHolds,

    /// <summary>A VNet's address space, advertised by its hub's gateway and Route Server (a spoke through its peering).</summary>
    VnetSpace,

    /// <summary>Route Server and the gateway exchange routes over iBGP (branch-to-branch on).</summary>
    BranchToBranch,

    /// <summary>Route Server advertises it to a peer (path gains 65515).</summary>
    RouteServerToPeer,

    /// <summary>The peer (an NVA) announces it to Route Server.</summary>
    PeerAnnounces,

    /// <summary>The NVA learns it from Route Server.</summary>
    NvaLearns,

    /// <summary>The NVA carries it onward inside a route it originates itself (a summary): the hairpin.</summary>
    NvaSummary,

    /// <summary>The gateway programs what it learned over ExpressRoute into the NICs of its VNet and of the spokes that use it.</summary>
    GatewayProgramsNic,

    /// <summary>Route Server programs what its peers announce into the NICs of its VNet and of the spokes that use it.</summary>
    RouteServerProgramsNic,

    /// <summary>A VNet's own address space, a system route of its NICs (next hop VnetLocal).</summary>
    VnetLocal,

    /// <summary>A peered VNet's address space, a system route of the NICs across the peering (next hop VNetPeering).</summary>
    VnetPeering,

    /// <summary>A route table's user-defined route, in the NICs of the subnets it is attached to.</summary>
    UserRoute,
}

/// <summary>What stops a prefix at a hop, with the facts that say so.</summary>
public sealed record PropagationStop(
    ReasonCode Code,
    Station At,
    string NodeId,
    long? Count = null,
    long? Limit = null,
    AsPath? Path = null,
    BgpState? State = null,
    string? PeerNodeId = null,
    long? Asn = null);

/// <summary>
/// A prefix arriving at a station along one path. <see cref="Stop"/> is set when the hop into this station
/// stops it (the rule that would have carried it refuses); <see cref="Upstream"/> when an earlier hop did, so
/// this is where it would have arrived. <see cref="Carrier"/> is the route that actually travels: the prefix
/// itself, or an NVA's summary covering it after the hairpin (<see cref="HairpinNva"/>).
/// </summary>
public sealed class Arrival
{
    public required Station At { get; init; }

    public Arrival? Previous { get; init; }

    public required AsPath Path { get; init; }

    public required HopRule Rule { get; init; }

    public required IpPrefix Carrier { get; init; }

    /// <summary>The NVA whose summary carries the prefix on this leg; null on the prefix's own leg.</summary>
    public string? HairpinNva { get; init; }

    public PropagationStop? Stop { get; init; }

    public PropagationStop? Upstream { get; init; }

    public int Depth { get; init; }

    public bool Carried => Stop is null && Upstream is null;

    /// <summary>Why it is not here, if it is not: this hop's stop or the earlier one.</summary>
    public PropagationStop? Cause => Stop ?? Upstream;

    public IEnumerable<Arrival> Chain()
    {
        for (var a = this; a is not null; a = a.Previous)
        {
            yield return a;
        }
    }
}
