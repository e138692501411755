using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain;

/// <summary>The rule that carries a prefix over a hop, in words (the "via" of a hop).</summary>
internal static class HopRuleText
{
    public static string Describe(Arrival arrival, Explainer explainer, IpPrefix cover)
    {
        var estate = explainer.Estate;
        var from = arrival.Previous?.At;
        return arrival.Rule switch
        {
            HopRule.Origin => "where it enters the estate",
            HopRule.CustomerEdge => "announced by the customer edge over eBGP",
            HopRule.AvsCircuit => "announced by AVS into its circuit",
            HopRule.GlobalReach => $"Global Reach from {estate.NameOf(from?.NodeId ?? "")}",
            HopRule.ExpressRouteLearned => $"learned over ExpressRoute from {estate.NameOf(from?.NodeId ?? "")}",
            HopRule.GatewayAdvertises => "advertised by the gateway to the MSEE",
            HopRule.MseeHolds => "from the gateway's advertisement",
            HopRule.VnetSpace => "VNet address space, advertised by its hub",
            HopRule.BranchToBranch => "branch-to-branch between Route Server and the gateway",
            HopRule.RouteServerToPeer => "Route Server to its peer",
            HopRule.PeerAnnounces => "announced by the NVA",
            HopRule.NvaLearns => "learned by the NVA",
            HopRule.NvaSummary when !Covers(arrival, explainer, cover) => $"the NVA hairpin through {estate.NameOf(arrival.HairpinNva ?? "")}: none of its summaries covers it",
            HopRule.NvaSummary => $"inside {estate.NameOf(arrival.HairpinNva ?? "")}'s summary {cover} (the NVA hairpin)",
            HopRule.GatewayProgramsNic => $"programmed into the NIC by the gateway {estate.NameOf(from?.NodeId ?? "")} (learned over ExpressRoute)",
            HopRule.RouteServerProgramsNic => $"programmed into the NIC by Route Server {estate.NameOf(from?.NodeId ?? "")}, next hop {estate.NameOf(from?.PeerNodeId ?? "")}",
            HopRule.VnetLocal => "the VNet's own system route (VnetLocal)",
            HopRule.VnetPeering => "a system route across the VNet peering",
            HopRule.UserRoute => $"a user route of {estate.NameOf(from?.NodeId ?? "")}",
            _ => arrival.Rule.ToString(),
        } + (arrival.HairpinNva is not null && arrival.Rule != HopRule.NvaSummary
            ? Covers(arrival, explainer, cover) ? $" (via {estate.NameOf(arrival.HairpinNva)}'s summary {cover})" : $" (via the NVA hairpin through {estate.NameOf(arrival.HairpinNva)})"
            : "");
    }

    private static bool Covers(Arrival arrival, Explainer explainer, IpPrefix cover) =>
        arrival.HairpinNva is { } nva && explainer.SummaryOf(nva, cover) is not null;
}
