using HybridRoutingPortal.Core.Explain;

namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>Route Server's advertisement to a peer is what the NVA learns.</summary>
internal sealed class NvaLearnsRule : IHopRule
{
    public StationKind From => StationKind.RouteServerOut;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.At.PeerNodeId is { } nva)
        {
            steps.Add(new Step(new Station(StationKind.Nva, nva), arrival.Path, HopRule.NvaLearns));
        }
    }
}

/// <summary>
/// NVA → Route Server, for what the NVA originates: each instance receives what the NVA announces to it. Route
/// Server drops a path that already holds 65515 (loop prevention) and tears the session down when a peer announces
/// more than 4,000 routes (https://learn.microsoft.com/azure/route-server/route-server-faq).
/// </summary>
internal sealed class PeerAnnouncesRule : IHopRule
{
    public StationKind From => StationKind.Nva;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (arrival.Previous is not null || context.Origin.Kind != OriginKind.Nva)
        {
            return;
        }

        foreach (var session in context.Estate.SessionsOf(arrival.At.NodeId).Where(p => p.Carries(context.Prefix)))
        {
            var rs = context.Estate.RouteServer(session.RouteServerNodeId)!;
            for (var i = 0; i < rs.Instances; i++)
            {
                var to = new Station(StationKind.RouteServerIn, rs.NodeId, session.NodeId, i);
                var stop = !context.Origin.AnnouncedOn(i) ? new PropagationStop(ReasonCode.NotOriginated, to, session.NodeId)
                    : PropagationContext.Loop(arrival.Path, rs.Asn, to, rs.NodeId) ?? context.PeerSessionStop(session, rs, i, to);
                steps.Add(new Step(to, arrival.Path, HopRule.PeerAnnounces, stop));
            }
        }
    }
}

/// <summary>
/// The hairpin: an NVA does not pass on what it learned from Route Server (that path holds 65515, Route Server would
/// drop it); it carries a prefix onward only inside a route it originates itself that covers it (a summary). An NVA
/// that re-advertises summaries of the far side (a transit NVA) is expected to cover every prefix an on-prem site or
/// AVS announces (VNet prefixes reach every circuit from the gateway itself).
/// </summary>
internal sealed class NvaHairpinRule : IHopRule
{
    public StationKind From => StationKind.Nva;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        var nva = arrival.At.NodeId;
        if (arrival.Previous is null || arrival.HairpinNva is not null || context.Origin.Kind is not (OriginKind.OnPrem or OriginKind.Avs) || !context.Design.IsTransitNva(nva))
        {
            return;
        }

        foreach (var session in context.Estate.SessionsOf(nva).Where(p => p.Carries(context.Prefix)))
        {
            var rs = context.Estate.RouteServer(session.RouteServerNodeId)!;
            for (var i = 0; i < rs.Instances; i++)
            {
                var to = new Station(StationKind.RouteServerIn, rs.NodeId, nva, i);
                var summary = context.Design.SummaryOf(nva, context.Prefix, i);
                if (summary is null)
                {
                    steps.Add(new Step(to, arrival.Path, HopRule.NvaSummary, new PropagationStop(ReasonCode.NvaNotReadvertising, to, nva, PeerNodeId: rs.NodeId), context.Prefix, nva));
                    continue;
                }

                var stop = PropagationContext.Loop(summary.AsPath, rs.Asn, to, rs.NodeId) ?? context.PeerSessionStop(session, rs, i, to);
                steps.Add(new Step(to, summary.AsPath, HopRule.NvaSummary, stop, summary.Prefix, nva));
            }
        }
    }
}
