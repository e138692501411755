using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain.Reasons;

/// <summary>Everything a reason writer may cite: the hop, what it shows, the model's path to it and why it stops.</summary>
internal sealed record ReasonContext(
    Explainer Explainer,
    VantagePoint Vantage,
    Station Station,
    HopStatus Status,
    Route? Best,
    IpPrefix Prefix,
    PrefixOrigin Origin,
    string OriginName,
    IpPrefix ExpectedCover,
    Arrival Primary,
    PrefixReach? Reach,
    IReadOnlyDictionary<Station, List<ExplainedHop>> ByStation)
{
    /// <summary>The nearest upstream hop that decided this one (for source-unknown and filtered-or-unexplained).</summary>
    public ExplainedHop? UpstreamHop { get; init; }

    public RoutingEstate Estate => Explainer.Estate;

    public PropagationStop? Cause => Primary.Cause;

    /// <summary>Other stops that keep the prefix from this hop (the direct path when the hairpin is the story, say).</summary>
    public IEnumerable<PropagationStop> OtherCauses =>
        Reach is null ? [] : Reach.Kept(Station).Select(a => a.Cause!).Where(c => c != Cause && !Explainer.Model.IsDesign(c, Reach)).DistinctBy(c => (c.Code, c.NodeId));

    public string Here => Vantage.Name;

    public string Name(Station station) => Explainer.NameOf(station);

    public string Node(string? nodeId) => nodeId is null ? "?" : Estate.NameOf(nodeId);

    /// <summary>The circuit the prefix is kept from, when this hop is on one (its MSEE table or the gateway's advertisement to it).</summary>
    public CircuitFacts? TargetCircuit =>
        Station.Kind switch
        {
            StationKind.CircuitEdge => Estate.Circuit(Station.NodeId),
            StationKind.GatewayToCircuit => Estate.Circuit(Station.PeerNodeId ?? ""),
            _ => Cause?.Code == ReasonCode.NoCircuitTransit ? Estate.Circuit(Cause.PeerNodeId ?? "") : null,
        };

    /// <summary>The circuits the prefix enters by.</summary>
    public IEnumerable<CircuitFacts> OriginCircuits => Explainer.Model.Design.OriginCircuits(Origin).Select(Estate.Circuit).OfType<CircuitFacts>();

    public static string Routes(IEnumerable<IpPrefix> prefixes, int max = 12)
    {
        var list = prefixes.ToArray();
        return list.Length == 0 ? "nothing" : string.Join(", ", list.Take(max)) + (list.Length > max ? $" and {list.Length - max} more" : "");
    }

    public static string Describe(Route route) =>
        $"{route.Prefix} next hop {(route.NextHop.Length == 0 ? "local" : route.NextHop)}{(route.AsPath.IsEmpty ? "" : $", AS path {route.AsPath}")}";
}
