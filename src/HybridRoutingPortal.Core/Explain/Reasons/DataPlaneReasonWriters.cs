using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain.Reasons;

// The data-plane reasons: why a route the gateway or Route Server has is not what a VM's NIC uses
// (https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview, diagnose-network-routing-problem).

/// <summary>udr-override: a user-defined route takes the prefix somewhere other than a known appliance.</summary>
internal sealed class UdrOverrideWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.UdrOverride;

    public ExplainReason Write(ReasonContext c)
    {
        var udr = c.Best!;
        var table = DataPlaneText.RouteTableOf(c);
        var overridden = DataPlaneText.OverriddenAt(c, udr);
        var evidence = new List<ReasonEvidence> { new(EvidenceKind.Route, $"{c.Here}: {DataPlaneText.Describe(udr)}", c.Vantage.Id, udr) };
        if (overridden is not null)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{c.Here}: {DataPlaneText.Describe(overridden)}", c.Vantage.Id, overridden));
        }

        var instead = overridden is null
            ? $"it wins over the route the gateway or Route Server programs for {c.Prefix}"
            : $"it overrides the BGP route {overridden.Prefix} next hop {overridden.NextHop}, which Azure lists Invalid";
        return new ExplainReason(Code,
            $"A user route{table} sends {udr.Prefix} from {c.Here} to {DataPlaneText.Target(udr)}, not to a known appliance: {instead}, so traffic for {c.Prefix} ({c.OriginName}) does not follow the estate's path.",
            evidence,
            $"Point the route{table} at the NVA (next hop type VirtualAppliance, its address) or remove it, so the BGP route for {c.Prefix} is used.");
    }
}

/// <summary>bgp-propagation-disabled: the NIC's route table has "Propagate gateway routes" off.</summary>
internal sealed class BgpPropagationDisabledWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.BgpPropagationDisabled;

    public ExplainReason Write(ReasonContext c)
    {
        var table = c.Node(c.Cause?.NodeId);
        var evidence = new List<ReasonEvidence> { new(EvidenceKind.Setting, $"{table}: disableBgpRoutePropagation = true (\"Propagate gateway routes\" off)") };
        if (c.Best is { } instead)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{c.Here} uses instead: {DataPlaneText.Describe(instead)}", c.Vantage.Id, instead));
        }

        return new ExplainReason(Code,
            $"The route table {table} of {c.Node(c.Cause?.PeerNodeId)}'s subnet has \"Propagate gateway routes\" off: neither the gateway nor Route Server programs routes into it, so {c.Prefix} ({c.OriginName}) is not in its effective routes.",
            evidence,
            $"Turn \"Propagate gateway routes\" back on for {table}, or, where it is off on purpose, add user routes that send {c.Prefix} to the NVA.");
    }
}

/// <summary>no-remote-gateway: the spoke's peering does not use the hub's gateway and Route Server (or the hub does not offer them).</summary>
internal sealed class NoRemoteGatewayWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.NoRemoteGateway;

    public ExplainReason Write(ReasonContext c)
    {
        var spoke = c.Estate.Vnet(c.Cause?.NodeId ?? string.Empty);
        var hub = c.Node(c.Cause?.PeerNodeId);
        var why = new List<string>();
        var evidence = new List<ReasonEvidence>();
        if (spoke?.UseRemoteGateways == false)
        {
            why.Add($"{spoke.Name}'s peering does not use the remote gateway (useRemoteGateways false)");
            evidence.Add(new ReasonEvidence(EvidenceKind.Setting, $"peering {spoke.Name} → {hub}: useRemoteGateways = false"));
        }

        if (spoke?.HubGatewayTransit == false)
        {
            why.Add($"{hub}'s peering does not allow gateway transit (allowGatewayTransit false)");
            evidence.Add(new ReasonEvidence(EvidenceKind.Setting, $"peering {hub} → {spoke.Name}: allowGatewayTransit = false"));
        }

        var what = c.Station.Kind == StationKind.Nic
            ? $"the hub's gateway and Route Server program no routes into {c.Here}, so {c.Prefix} ({c.OriginName}) is not there"
            : $"the hub's gateway and Route Server do not advertise {c.Node(c.Cause?.NodeId)}'s address space";
        return new ExplainReason(Code,
            $"{string.Join(" and ", why)}: {what}.",
            evidence,
            $"Set \"use the remote virtual network's gateway or Route Server\" on {spoke?.Name ?? "the spoke"}'s peering and \"allow gateway transit\" on {hub}'s (a spoke can use one remote gateway).");
    }
}

/// <summary>next-hop-blackhole: a user route sends the prefix to a virtual appliance address no NIC holds.</summary>
internal sealed class NextHopBlackholeWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.NextHopBlackhole;

    public ExplainReason Write(ReasonContext c)
    {
        var udr = c.Best!;
        var table = DataPlaneText.RouteTableOf(c);
        var appliances = c.Estate.ApplianceAddresses().Order(StringComparer.Ordinal).ToArray();
        return new ExplainReason(Code,
            $"A user route{table} sends {udr.Prefix} from {c.Here} to the virtual appliance {udr.NextHop}, but no NIC holds that address: traffic for {c.Prefix} ({c.OriginName}) is dropped.",
            [
                new ReasonEvidence(EvidenceKind.Route, $"{c.Here}: {DataPlaneText.Describe(udr)}", c.Vantage.Id, udr),
                new ReasonEvidence(EvidenceKind.Setting, $"{udr.NextHop}: no network interface holds it{(appliances.Length == 0 ? "" : $"; the known appliances are {string.Join(", ", appliances)}")}"),
            ],
            $"Point the route at a running appliance's address{(appliances.Length == 0 ? "" : $" ({string.Join(", ", appliances)})")}, or bring the appliance back.");
    }
}

/// <summary>invalid-route: the route that would carry the prefix is listed but Invalid, and nothing else carries it.</summary>
internal sealed class InvalidRouteWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.InvalidRoute;

    public ExplainReason Write(ReasonContext c)
    {
        var invalid = c.Best!;
        var inUse = DataPlane.NicRouteCheck.MostSpecific(c.Explainer.Observed.RoutesAt(c.Vantage.Id).Where(r => r.IsActive), c.Prefix);
        var evidence = new List<ReasonEvidence> { new(EvidenceKind.Route, $"{c.Here}: {DataPlaneText.Describe(invalid)}", c.Vantage.Id, invalid) };
        if (inUse is not null)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{c.Here} uses instead: {DataPlaneText.Describe(inUse)}", c.Vantage.Id, inUse));
        }

        return new ExplainReason(Code,
            $"{c.Here} lists {invalid.Prefix} ({invalid.Origin}, next hop {DataPlaneText.Target(invalid)}) for {c.Prefix}, but Azure marks it Invalid: it is not used, so traffic follows {(inUse is null ? "no route at all" : DataPlaneText.Describe(inUse))}.",
            evidence,
            "Find why Azure invalidates it: a user route whose next hop it cannot use (a virtual network gateway next hop where there is none, an appliance address outside the VNet and its peerings), or a route that clashes with the VNet's own space.");
    }
}

/// <summary>Words the data-plane writers share.</summary>
internal static class DataPlaneText
{
    public static string Target(Route route) =>
        NextHopTypes.IsAppliance(route.NextHopType) || NextHopTypes.Is(route.NextHopType, NextHopTypes.VirtualNetworkGateway)
            ? $"{route.NextHopType} {(route.NextHop.Length == 0 ? "(no address)" : route.NextHop)}"
            : route.NextHopType ?? "nowhere";

    public static string Describe(Route route) =>
        $"{route.Prefix} {route.Origin} {route.State?.ToString() ?? ""} next hop {Target(route)}".Replace("  ", " ", StringComparison.Ordinal);

    /// <summary>" in {route table}" when the NIC's route table is known.</summary>
    public static string RouteTableOf(ReasonContext c) =>
        c.Estate.Nic(c.Station.NodeId)?.RouteTableNodeId is { } table ? $" in {c.Node(table)}" : string.Empty;

    /// <summary>The BGP route of the same prefix the user route overrides (Azure lists it Invalid), if the NIC shows one.</summary>
    public static Route? OverriddenAt(ReasonContext c, Route udr) =>
        c.Explainer.Observed.RoutesAt(c.Vantage.Id).FirstOrDefault(r => !r.IsActive && r.Prefix == udr.Prefix && r.Origin == RouteOrigins.GatewayRoute);
}
