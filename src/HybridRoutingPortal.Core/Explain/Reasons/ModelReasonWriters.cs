using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain.Reasons;

/// <summary>not-originated: nothing shows the prefix at its source.</summary>
internal sealed class NotOriginatedWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.NotOriginated;

    public ExplainReason Write(ReasonContext c)
    {
        var evidence = new List<ReasonEvidence>();
        if (c.Cause is { Code: ReasonCode.NotOriginated } stop && c.Origin.Kind == OriginKind.Nva)
        {
            var on = c.Origin.Instances?.Order().Select(i => $"IN_{i}") ?? [];
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{c.Node(stop.NodeId)} announces {c.Origin.Prefix} to {string.Join(", ", on)} only"));
            return new ExplainReason(Code,
                $"{c.Node(stop.NodeId)} announces {c.Origin.Prefix} to Route Server instance {string.Join(", ", on)} but not to IN_{stop.At.Index}.",
                evidence, "Announce it to both Route Server instances: an NVA peers with both and should advertise the same routes to each.");
        }

        evidence.Add(new ReasonEvidence(EvidenceKind.Count, $"{c.Here} holds {c.Explainer.Observed.IndexAt(c.Vantage.Id).Count} prefixes, none covering {c.Prefix}", c.Vantage.Id,
            Count: c.Explainer.Observed.IndexAt(c.Vantage.Id).Count));
        return new ExplainReason(Code,
            $"No vantage point sees {c.Prefix} at its source ({c.OriginName}): it is not announced or defined there.",
            evidence, $"Announce {c.Prefix} from {c.OriginName} (check its BGP export or configuration), or retire the expectation if it is gone for good.");
    }
}

/// <summary>no-circuit-transit: the gateway does not pass routes from one circuit to another.</summary>
internal sealed class NoCircuitTransitWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.NoCircuitTransit;

    public ExplainReason Write(ReasonContext c)
    {
        var gateway = c.Cause?.NodeId ?? c.Station.NodeId;
        var target = c.TargetCircuit;
        var from = string.Join(", ", c.OriginCircuits.Select(x => x.Name));
        var evidence = new List<ReasonEvidence>
        {
            new(EvidenceKind.Setting, $"Global Reach between {from} and {target?.Name ?? "the other circuit"}: none"),
        };
        evidence.AddRange(GatewayHas(c, gateway));
        return new ExplainReason(Code,
            $"The ExpressRoute gateway {c.Node(gateway)} learned {c.Prefix} from {from} but does not route from one circuit to another ({target?.Name ?? "the other circuit"}).",
            evidence,
            $"Enable ExpressRoute Global Reach between {from} and {target?.Name ?? "the other circuit"}, or have an NVA peered with Route Server (branch-to-branch on) advertise a summary covering {c.Prefix}.");
    }

    internal static IEnumerable<ReasonEvidence> GatewayHas(ReasonContext c, string gateway)
    {
        var learned = c.Estate.VantagesAt(new Station(StationKind.GatewayRib, gateway)).FirstOrDefault();
        if (learned is not null && !c.Explainer.Observed.IsUnknown(learned.Id) && c.Explainer.Observed.IndexAt(learned.Id).MostSpecificCovering(c.Prefix) is { } route)
        {
            yield return new ReasonEvidence(EvidenceKind.Route, $"{learned.Name}: {ReasonContext.Describe(route)}", learned.Id, route);
        }
    }
}

/// <summary>nva-not-readvertising: the NVA learned it and advertises no covering route back.</summary>
internal sealed class NvaNotReadvertisingWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.NvaNotReadvertising;

    public ExplainReason Write(ReasonContext c)
    {
        var nva = c.Cause?.NodeId ?? c.Primary.HairpinNva ?? c.Station.PeerNodeId ?? "";
        var advertised = c.Explainer.Model.Design.AdvertisementsOf(nva).Select(o => o.Prefix).Distinct().Order().ToArray();
        var evidence = new List<ReasonEvidence>
        {
            new(EvidenceKind.Route, $"{c.Node(nva)} advertises {advertised.Length} routes: {ReasonContext.Routes(advertised)}", Count: advertised.Length),
        };
        foreach (var learned in c.Estate.VantagePoints.Where(v => v.Kind == VantageKind.RouteServerAdvertised && v.PeerNodeId == nva))
        {
            if (!c.Explainer.Observed.IsUnknown(learned.Id) && c.Explainer.Observed.IndexAt(learned.Id).MostSpecificCovering(c.Prefix) is { } route)
            {
                evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{learned.Name}: {ReasonContext.Describe(route)} (the NVA learns it)", learned.Id, route));
            }
        }

        var target = c.TargetCircuit ?? c.Estate.Circuits.FirstOrDefault(x => !c.OriginCircuits.Contains(x) && x.Connections.Count > 0);
        var from = string.Join(", ", c.OriginCircuits.Select(x => x.Name));
        var transit = c.OtherCauses.Any(o => o.Code == ReasonCode.NoCircuitTransit) || c.Station.Kind is StationKind.CircuitEdge or StationKind.GatewayToCircuit;
        if (target is not null)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Setting, $"Global Reach between {from} and {target.Name}: {(target.GlobalReachPeers.Count == 0 ? "none" : string.Join(", ", target.GlobalReachPeers.Select(c.Node)))}"));
        }

        var summary = Widen(c.Prefix);
        var text = $"{c.Node(nva)} learned {c.Prefix} from Route Server but advertises no route covering it back (only its own summaries: it cannot re-advertise what it learned, whose path holds 65515), so Route Server has nothing to give the gateway"
            + (transit && target is not null ? $"; and the ExpressRoute gateway does not transit from {from} to {target.Name} itself." : ".");
        return new ExplainReason(Code, text, evidence,
            $"Widen {c.Node(nva)}'s summary to cover {c.Prefix} (for example advertise {summary})"
            + (target is not null && from.Length > 0 ? $" or enable ExpressRoute Global Reach between {from} and {target.Name}." : "."));
    }

    /// <summary>A summary to suggest: the prefix's /16 (IPv4) or /48 (IPv6), or the prefix itself when shorter.</summary>
    private static IpPrefix Widen(IpPrefix prefix)
    {
        var length = prefix.IsIPv4 ? 16 : 48;
        return prefix.Length > length ? prefix.Supernet(length) : prefix;
    }
}

/// <summary>branch-to-branch-off: Route Server and the gateway do not exchange routes.</summary>
internal sealed class BranchToBranchOffWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.BranchToBranchOff;

    public ExplainReason Write(ReasonContext c)
    {
        var rs = c.Cause?.NodeId ?? c.Station.NodeId;
        var direction = c.Origin.Kind == OriginKind.Nva
            ? "what its peers announce does not reach the gateway and the circuits"
            : "what the gateway learned from the circuits does not reach Route Server's peers";
        return new ExplainReason(Code,
            $"Route Server {c.Node(rs)} has branch-to-branch off: it does not exchange routes with the virtual network gateway, so {direction}.",
            [new ReasonEvidence(EvidenceKind.Setting, $"{c.Node(rs)}: allowBranchToBranchTraffic = false")],
            $"Turn branch-to-branch on for {c.Node(rs)} (allowBranchToBranchTraffic), keeping the VNet and Route Server prefixes sent toward ExpressRoute at or under 1,000.");
    }
}

/// <summary>as-path-loop: the receiver drops a path that already holds its ASN.</summary>
internal sealed class AsPathLoopWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.AsPathLoop;

    public ExplainReason Write(ReasonContext c)
    {
        var stop = c.Cause;
        var asn = stop?.Asn;
        var path = stop?.Path ?? AsPath.Empty;
        var who = asn == AzureAsns.Azure ? $"Route Server {c.Node(stop?.NodeId)}" : asn == AzureAsns.MicrosoftEdge ? $"the MSEE of {c.Node(stop?.NodeId)}" : c.Node(stop?.NodeId);
        return new ExplainReason(Code,
            $"{who} drops it: its AS path {path} already holds {asn} (BGP loop prevention{(asn == AzureAsns.Azure ? "; Route Server drops any path holding 65515" : "")}).",
            [new ReasonEvidence(EvidenceKind.Route, $"{c.Prefix} announced with AS path {path}")],
            asn == AzureAsns.Azure
                ? "Originate a summary on the NVA instead of re-advertising routes learned from Route Server, or rewrite the AS path on the NVA so it no longer holds 65515."
                : $"Keep {asn} out of the AS path the NVA advertises (originate a summary instead of passing the learned route on).");
    }
}
