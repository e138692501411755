namespace HybridRoutingPortal.Core.Explain;

/// <summary>
/// Why a prefix is not where the propagation model says it should be: the stable vocabulary of DESIGN.md §4
/// (docs/explain.md says what each one rests on). The data-plane reasons (<see cref="ReasonCodes.IsDataPlane"/>) are
/// given at a NIC's effective routes: by the model's stops (peering, remote gateway, route propagation) or by the routes
/// the NIC shows (a user route, an unreachable next hop, an Invalid route).
/// </summary>
public enum ReasonCode
{
    NotOriginated,
    NoCircuitTransit,
    BranchToBranchOff,
    NvaNotReadvertising,
    AsPathLoop,
    PeerRouteLimit,
    ErPrefixLimit,
    ErAdvertiseLimit,
    MoreSpecificElsewhere,
    DefaultRouteOnly,
    SourceUnknown,

    /// <summary>A BGP session, ExpressRoute connection or peering on the path reports down, below any limit.</summary>
    BgpSessionDown,

    UdrOverride,
    BgpPropagationDisabled,
    NoRemoteGateway,
    PeeringDisconnected,
    NextHopBlackhole,
    InvalidRoute,
    FilteredOrUnexplained,
}

/// <summary>The wire form of each <see cref="ReasonCode"/> (kebab-case, as the API and docs spell it).</summary>
public static class ReasonCodes
{
    private static readonly IReadOnlyDictionary<ReasonCode, string> Codes = new Dictionary<ReasonCode, string>
    {
        [ReasonCode.NotOriginated] = "not-originated",
        [ReasonCode.NoCircuitTransit] = "no-circuit-transit",
        [ReasonCode.BranchToBranchOff] = "branch-to-branch-off",
        [ReasonCode.NvaNotReadvertising] = "nva-not-readvertising",
        [ReasonCode.AsPathLoop] = "as-path-loop",
        [ReasonCode.PeerRouteLimit] = "peer-route-limit",
        [ReasonCode.ErPrefixLimit] = "er-prefix-limit",
        [ReasonCode.ErAdvertiseLimit] = "er-advertise-limit",
        [ReasonCode.MoreSpecificElsewhere] = "more-specific-elsewhere",
        [ReasonCode.DefaultRouteOnly] = "default-route-only",
        [ReasonCode.SourceUnknown] = "source-unknown",
        [ReasonCode.BgpSessionDown] = "bgp-session-down",
        [ReasonCode.UdrOverride] = "udr-override",
        [ReasonCode.BgpPropagationDisabled] = "bgp-propagation-disabled",
        [ReasonCode.NoRemoteGateway] = "no-remote-gateway",
        [ReasonCode.PeeringDisconnected] = "peering-disconnected",
        [ReasonCode.NextHopBlackhole] = "next-hop-blackhole",
        [ReasonCode.InvalidRoute] = "invalid-route",
        [ReasonCode.FilteredOrUnexplained] = "filtered-or-unexplained",
    };

    private static readonly IReadOnlyDictionary<string, ReasonCode> ByCode = Codes.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static IReadOnlyCollection<ReasonCode> All => [.. Codes.Keys];

    public static string Code(this ReasonCode reason) => Codes[reason];

    public static bool TryParse(string? code, out ReasonCode reason) => ByCode.TryGetValue(code ?? string.Empty, out reason);

    /// <summary>Reasons that come from what a VM's NIC uses (route tables, peerings), not from BGP.</summary>
    public static bool IsDataPlane(this ReasonCode reason) =>
        reason is ReasonCode.UdrOverride or ReasonCode.BgpPropagationDisabled or ReasonCode.NoRemoteGateway
            or ReasonCode.PeeringDisconnected or ReasonCode.NextHopBlackhole or ReasonCode.InvalidRoute;
}
