using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// On-prem → MSEE: the customer edge announces its prefixes on each path's eBGP session. Above the private
/// peering's prefix limit (4,000 Standard / 10,000 Premium IPv4, 100 IPv6) the session drops; a session reported
/// down carries nothing.
/// </summary>
internal sealed class CustomerEdgeRule : IHopRule
{
    public StationKind From => StationKind.Site;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        var site = arrival.At.NodeId;
        foreach (var circuit in context.Estate.CircuitsOfSite(site))
        {
            foreach (var session in circuit.EdgeSessions.Where(e => e.SiteNodeId == site))
            {
                var to = new Station(StationKind.CircuitEdge, circuit.NodeId, null, (int)session.Path);
                var announced = context.Counts.SiteAnnounced(site, context.Prefix.IsIPv4);
                var limit = AzureRouteLimits.PrivatePeering(circuit, context.Prefix.IsIPv4);
                var stop = announced > limit ? new PropagationStop(ReasonCode.ErPrefixLimit, to, circuit.NodeId, announced, limit, PeerNodeId: site)
                    : session.State is { } state && state.IsDown() ? new PropagationStop(ReasonCode.BgpSessionDown, to, circuit.NodeId, State: state, PeerNodeId: site)
                    : PropagationContext.Loop(arrival.Path, AzureAsns.MicrosoftEdge, to, circuit.NodeId);
                steps.Add(new Step(to, arrival.Path, HopRule.CustomerEdge, stop));
            }
        }
    }
}
