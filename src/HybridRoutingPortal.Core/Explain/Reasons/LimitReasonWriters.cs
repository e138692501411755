using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain.Reasons;

/// <summary>peer-route-limit: a peer announced more than Route Server accepts; the session was torn down.</summary>
internal sealed class PeerRouteLimitWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.PeerRouteLimit;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        var peer = c.Node(stop?.PeerNodeId);
        return new ExplainReason(Code,
            $"{peer} announces {stop?.Count:N0} routes to Route Server instance IN_{stop?.At.Index}; above {stop?.Limit:N0} Route Server tears the BGP session down, so it learns none of them (and advertises nothing to {peer}).",
            [new ReasonEvidence(EvidenceKind.Count, $"{peer} → {c.Node(stop?.NodeId)} IN_{stop?.At.Index}: {stop?.Count:N0} routes, limit {stop?.Limit:N0}", Count: stop?.Count, Limit: stop?.Limit)],
            $"Summarise on {peer} to stay under {stop?.Limit:N0} routes per Route Server peer.");
    }
}

/// <summary>er-prefix-limit: on-prem announced more than the private peering accepts; the session dropped.</summary>
internal sealed class ErPrefixLimitWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.ErPrefixLimit;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        var circuit = c.Estate.Circuit(stop?.NodeId ?? "");
        var family = c.Prefix.IsIPv4 ? "IPv4" : "IPv6";
        var upgrade = c.Prefix.IsIPv4 && circuit is { IsPremium: false } ? " or upgrade the circuit to Premium (10,000 IPv4 prefixes)" : string.Empty;
        return new ExplainReason(Code,
            $"{c.Node(stop?.PeerNodeId)} announces {stop?.Count:N0} {family} prefixes into {circuit?.Name} ({circuit?.Tier ?? "Standard"}); private peering accepts {stop?.Limit:N0}, above which the BGP session drops.",
            [new ReasonEvidence(EvidenceKind.Count, $"{family} prefixes from on-prem: {stop?.Count:N0}, limit {stop?.Limit:N0}", Count: stop?.Count, Limit: stop?.Limit)],
            $"Summarise the on-prem announcements under {stop?.Limit:N0}{upgrade}.");
    }
}

/// <summary>er-advertise-limit: the gateway advertises more toward on-prem than ExpressRoute accepts; the connection went down.</summary>
internal sealed class ErAdvertiseLimitWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.ErAdvertiseLimit;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        return new ExplainReason(Code,
            $"The gateway {c.Node(stop?.NodeId)} advertises {stop?.Count:N0} prefixes toward its circuits; above {stop?.Limit:N0} the connection to {c.Node(stop?.PeerNodeId)} goes down until it is back under.",
            [new ReasonEvidence(EvidenceKind.Count, $"VNet and Route Server prefixes toward ExpressRoute: {stop?.Count:N0}, limit {stop?.Limit:N0}", Count: stop?.Count, Limit: stop?.Limit)],
            "Summarise the VNet address space and the NVA's routes sent toward ExpressRoute (VNet plus Route Server prefixes at or under 1,000 IPv4, 100 IPv6).");
    }
}

/// <summary>bgp-session-down: a session, connection or peering on the path reports down, below any limit.</summary>
internal sealed class BgpSessionDownWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.BgpSessionDown;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        var what = stop?.At.Kind switch
        {
            StationKind.CircuitEdge => $"the customer edge's BGP session on {c.Node(stop.NodeId)} ({stop.At.Path.ArmName()})",
            StationKind.GatewayRib or StationKind.GatewayToCircuit => $"the connection between {c.Node(stop.PeerNodeId)} and {c.Node(stop.NodeId)}",
            _ => $"the BGP session between {c.Node(stop?.NodeId)} and {c.Node(stop?.PeerNodeId)}",
        };
        return new ExplainReason(Code,
            $"{Capital(what)} reports {stop?.State}: nothing crosses it.",
            [new ReasonEvidence(EvidenceKind.Setting, $"{what}: {stop?.State}")],
            "Bring the session up: check the neighbour's address and ASN, its state and logs. A session that drops as the route count rises points at a route limit.");
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}

/// <summary>peering-disconnected: a spoke's peering with its hub is down, so the hub does not advertise it.</summary>
internal sealed class PeeringDisconnectedWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.PeeringDisconnected;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        var what = stop?.At.Kind == StationKind.Nic
            ? $"nothing crosses it: {c.Here} gets no routes from the hub's gateway and Route Server, nor the other side's address space"
            : "the hub's gateway and Route Server do not advertise the spoke's address space";
        return new ExplainReason(Code,
            $"The peering between {c.Node(stop?.NodeId)} and its hub {c.Node(stop?.PeerNodeId)} is {stop?.State}: {what}.",
            [new ReasonEvidence(EvidenceKind.Setting, $"peering {c.Node(stop?.NodeId)} ↔ {c.Node(stop?.PeerNodeId)}: {stop?.State}")],
            "Reconnect the peering (a Disconnected peering is deleted and created again on both sides).");
    }
}
