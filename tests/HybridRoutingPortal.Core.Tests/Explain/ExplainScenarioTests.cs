using System.Net;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;
using static HybridRoutingPortal.Core.Tests.Explain.TestEstate;

namespace HybridRoutingPortal.Core.Tests.Explain;

/// <summary>
/// One fault injected into a healthy estate, one prefix (or address) explained: the first break and its reason are
/// exactly the fault's. Faults in the estate's facts propagate through the model into what the vantage points show;
/// faults in the observation (a dropped route, a failed poll) are applied to what they show.
/// </summary>
public class ExplainScenarioTests
{
    public sealed record Scenario(
        string Name,
        TestEstate Estate,
        string Explain,
        Func<TestEstate, string> FirstBreak,
        ReasonCode Code,
        Action<TestEstate, Dictionary<string, List<Route>>>? Observe = null,
        string? Unknown = null,
        OriginHint? Hint = null,
        bool InferOrigins = true)
    {
        public override string ToString() => Name;
    }

    private static readonly TestEstate Healthy = new();
    private static readonly IReadOnlyList<(IpPrefix, AsPath?, int?)> Fw01 = Healthy.Nvas[0].Routes;

    private static NvaSpec Fw01With(params (string Prefix, AsPath? Path, int? Only)[] routes) =>
        Healthy.Nvas[0] with { Routes = [.. routes.Select(r => (IpPrefix.Parse(r.Prefix), r.Path, r.Only))] };

    private static IEnumerable<IpPrefix> Many(string within, int count, int length)
    {
        var start = IpPrefix.Parse(within);
        var bytes = start.StartBytes;
        for (var i = 0; i < count; i++)
        {
            var value = new System.Numerics.BigInteger([.. bytes.Reverse(), 0]) + ((System.Numerics.BigInteger)i << (bytes.Length * 8 - length));
            var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            var padded = new byte[bytes.Length];
            Array.Copy(raw, 0, padded, padded.Length - raw.Length, raw.Length);
            yield return IpPrefix.FromNetwork(padded, length);
        }
    }

    public static TheoryData<Scenario> Scenarios() =>
    [
        new("branch-to-branch off", Healthy with { BranchToBranch = false }, "10.201.1.0/24",
            _ => RsAdvertised("fw01", 0), ReasonCode.BranchToBranchOff),

        new("Global Reach removed", GlobalReachDesign with { GlobalReach = false }, "10.201.1.0/24",
            e => e.GatewayAdvertised("contoso", 0), ReasonCode.NoCircuitTransit),

        new("NVA summary narrowed", Healthy with { Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.0.0.0/11", null, null), ("10.200.0.0/16", null, null))] },
            "10.201.1.0/24", _ => RsLearned("fw01", 0), ReasonCode.NvaNotReadvertising),

        new("NVA re-advertises with 65515 in the path", Healthy with
            {
                Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.0.0.0/11", null, null), ("10.201.0.0/16", AsPath.Of(65010, 65515, 12076, AvsAsn), null))],
            },
            "10.201.1.0/24", _ => RsLearned("fw01", 0), ReasonCode.AsPathLoop, InferOrigins: false),

        new("NVA passes 12076 on toward the MSEE", Healthy with
            {
                Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.0.0.0/11", null, null), ("10.201.0.0/16", AsPath.Of(65010, 12076, AvsAsn), null))],
            },
            "10.201.1.0/24", _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.AsPathLoop),

        new("peer over Route Server's 4,000 routes", Healthy with
            {
                Nvas = [Healthy.Nvas[0] with { Routes = [.. Fw01, .. Many("100.64.0.0/10", 4001, 32).Select(p => (p, (AsPath?)null, (int?)null))] }],
            },
            "0.0.0.0/0", _ => RsLearned("fw01", 0), ReasonCode.PeerRouteLimit, InferOrigins: false),

        new("a failed poll on the path", Healthy, "10.10.0.0/16",
            _ => GatewayLearned, ReasonCode.SourceUnknown, Unknown: GatewayLearned),

        new("two NVAs disagreeing", Healthy with { Nvas = [Healthy.Nvas[0], NvaSpec.Of("fw02", 65020, "10.100.2.5", "0.0.0.0/0", "10.0.0.0/11")] },
            "10.201.2.0/24", _ => RsLearned("fw02", 0), ReasonCode.NvaNotReadvertising),

        new("IPv6 over the private peering's 100 prefixes", Healthy with
            {
                Sites = [Healthy.Sites[0] with { Prefixes = [.. Healthy.Sites[0].Prefixes, .. Many("2001:db8:200::/40", 100, 48)] }],
            },
            "2001:db8:100::/48", _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.ErPrefixLimit, InferOrigins: false),

        new("on-prem over the Standard circuit's 4,000 prefixes", Healthy with
            {
                Sites = [Healthy.Sites[0] with { Prefixes = [.. Healthy.Sites[0].Prefixes, .. Many("10.16.0.0/16", 3999, 28)] }],
            },
            "10.10.0.0/16", _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.ErPrefixLimit, InferOrigins: false),

        new("the gateway over the 1,000 prefixes toward on-prem", Healthy with { Spokes = [.. Many("10.128.0.0/16", 1000, 28)] },
            "10.100.0.0/22", e => e.GatewayAdvertised("avs", 0), ReasonCode.ErAdvertiseLimit, InferOrigins: false),

        new("a more specific route elsewhere", Healthy with
            {
                Sites = [Healthy.Sites[0] with { Prefixes = [.. Healthy.Sites[0].Prefixes, IpPrefix.Parse("10.201.1.128/25")] }],
            },
            "10.201.1.200", _ => GatewayLearned, ReasonCode.MoreSpecificElsewhere),

        new("only a default route from on-prem", Healthy with
            {
                Sites = [Healthy.Sites[0] with { Prefixes = [IpPrefix.Parse("0.0.0.0/0")] }],
                Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.200.0.0/15", null, null))],
            },
            "10.10.0.0/16", _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.DefaultRouteOnly, Hint: new OriginHint(OriginKind.OnPrem)),

        new("not originated", Healthy with { Sites = [Healthy.Sites[0] with { Prefixes = [IpPrefix.Parse("10.10.0.0/16")] }] },
            "10.20.0.0/16", _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.NotOriginated, Hint: new OriginHint(OriginKind.OnPrem)),

        new("not originated anywhere", Healthy, "10.99.0.0/16",
            _ => CircuitTable("contoso", CircuitPath.Primary), ReasonCode.NotOriginated),

        new("filtered with nothing to explain it", Healthy, "10.10.0.0/16",
            _ => GatewayLearned, ReasonCode.FilteredOrUnexplained,
            Observe: (_, o) => o[GatewayLearned].RemoveAll(r => r.Prefix == IpPrefix.Parse("10.10.0.0/16"))),

        new("secondary customer-edge session down", Healthy with { Sites = [Healthy.Sites[0] with { Secondary = BgpState.Idle }] },
            "10.20.0.0/16", _ => CircuitTable("contoso", CircuitPath.Secondary), ReasonCode.BgpSessionDown),

        new("NVA announces to one instance only", Healthy with
            {
                Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.0.0.0/11", null, null), ("10.200.0.0/15", null, 0))],
            },
            "10.200.0.0/15", _ => RsLearned("fw01", 1), ReasonCode.NotOriginated),

        new("spoke peering disconnected", Healthy with { SpokePeering = BgpState.NotConnected }, "10.101.0.0/20",
            _ => GatewayLearned, ReasonCode.PeeringDisconnected),

        // The data plane: what the probe VM's NIC in spoke 0 actually uses.
        new("a UDR sends an on-prem prefix to None", Healthy with { SpokeRouteTable = RouteTableSpec.With(("10.10.0.0/16", NextHopTypes.None, null)) },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.UdrOverride),

        new("a UDR sends an on-prem prefix to an appliance that is not the NVA", Healthy with
            {
                SpokeRouteTable = RouteTableSpec.With(("10.10.0.0/16", NextHopTypes.VirtualAppliance, "10.101.0.9")),
            },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.UdrOverride),

        new("gateway route propagation off on the spoke's route table", Healthy with { SpokeRouteTable = new RouteTableSpec(true, []) },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.BgpPropagationDisabled),

        new("AVS gone from the spoke: gateway route propagation off", Healthy with { SpokeRouteTable = new RouteTableSpec(true, []) },
            "10.201.1.0/24", _ => ProbeNic, ReasonCode.BgpPropagationDisabled),

        new("the spoke does not use the remote gateway", Healthy with { SpokeUsesRemoteGateways = false },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.NoRemoteGateway),

        new("the hub does not allow gateway transit", Healthy with { HubAllowsTransit = false },
            "10.201.1.0/24", _ => ProbeNic, ReasonCode.NoRemoteGateway),

        new("a spoke without the remote gateway is not advertised", Healthy with { SpokeUsesRemoteGateways = false },
            "10.101.0.0/20", _ => GatewayLearned, ReasonCode.NoRemoteGateway),

        new("spoke peering disconnected, at the spoke's NIC", Healthy with { SpokePeering = BgpState.NotConnected },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.PeeringDisconnected),

        new("a UDR to an appliance address no NIC holds", Healthy with
            {
                SpokeRouteTable = RouteTableSpec.With(("10.10.0.0/16", NextHopTypes.VirtualAppliance, "10.100.9.9")) with { Unresolved = ["10.100.9.9"] },
            },
            "10.10.0.0/16", _ => ProbeNic, ReasonCode.NextHopBlackhole),

        new("the on-prem route is Invalid at the NIC", Healthy, "10.10.0.0/16", _ => ProbeNic, ReasonCode.InvalidRoute,
            Observe: (_, o) =>
            {
                var nic = o[ProbeNic];
                for (var i = 0; i < nic.Count; i++)
                {
                    if (nic[i].Prefix == IpPrefix.Parse("10.10.0.0/16"))
                    {
                        nic[i] = nic[i] with { State = RouteState.Invalid };
                    }
                }
            }),

        new("a failed read of the NIC", Healthy, "10.10.0.0/16", _ => ProbeNic, ReasonCode.SourceUnknown, Unknown: ProbeNic),

        new("on-prem prefix only covered by a default at AVS's side", Healthy with
            {
                Nvas = [Fw01With(("0.0.0.0/0", null, null), ("10.200.0.0/15", null, null))],
            },
            "10.10.0.0/16", _ => RsLearned("fw01", 0), ReasonCode.NvaNotReadvertising, Hint: new OriginHint(OriginKind.OnPrem)),
    ];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Each_fault_yields_exactly_its_first_break_and_reason(Scenario scenario)
    {
        var observed = scenario.Estate.Observe();
        scenario.Observe?.Invoke(scenario.Estate, observed);
        var unknown = scenario.Unknown is null ? null : new Dictionary<string, ObservationFailure?> { [scenario.Unknown] = new(FailureReason.Throttled, "429") };
        var explainer = scenario.Estate.Explainer(observed, unknown, scenario.InferOrigins);
        var explanation = IPAddress.TryParse(scenario.Explain, out var ip) ? explainer.Explain(ip, scenario.Hint) : explainer.Explain(IpPrefix.Parse(scenario.Explain), scenario.Hint);

        var first = explanation.FirstBreak;
        Assert.True(first is not null, $"{scenario.Name}: no break. {explanation.Summary}");
        Assert.Equal((scenario.FirstBreak(scenario.Estate), scenario.Code), (first.VantageId, first.Reason!.Code));
        Assert.NotEqual(HopStatus.Present, first.Status);
        Assert.False(string.IsNullOrWhiteSpace(first.Reason.Text));
        Assert.False(string.IsNullOrWhiteSpace(first.Reason.Suggestion));
        Assert.NotEmpty(first.Reason.Evidence);
        Assert.All(explanation.Hops.TakeWhile(h => h != first), h => Assert.Null(h.Reason));
    }

    [Fact]
    public void The_scenario_table_covers_every_reason_and_each_data_plane_reason_at_a_nic()
    {
        var rows = Scenarios().Cast<object[]>().Select(row => (Scenario)row[0]).ToArray();
        Assert.Empty(ReasonCodes.All.Except(rows.Select(s => s.Code)));
        Assert.Empty(ReasonCodes.All.Where(c => c.IsDataPlane()).Except(rows.Where(s => s.FirstBreak(s.Estate) == ProbeNic).Select(s => s.Code)));
    }

    [Fact]
    public void The_probe_nic_shows_the_spoke_s_effective_routes_as_azure_lists_them()
    {
        var estate = Healthy with { SpokeRouteTable = RouteTableSpec.With(("10.200.0.0/22", NextHopTypes.VirtualAppliance, "10.100.2.4")) };
        var nic = estate.Observe()[ProbeNic];
        string Row(string prefix, string source) => string.Join(" | ", nic.Where(r => r.Prefix == IpPrefix.Parse(prefix) && r.Origin == source)
            .Select(r => $"{r.State} {r.NextHopType} {r.NextHop}").Order(StringComparer.Ordinal));

        Assert.Equal("Active VnetLocal ", Row("10.101.0.0/20", RouteOrigins.SystemRoute));
        Assert.Equal("Active VNetPeering ", Row("10.100.0.0/22", RouteOrigins.SystemRoute));
        // ExpressRoute routes: one per MSEE path (ECMP); Route Server routes: next hop the NVA.
        Assert.Equal($"Active VirtualNetworkGateway {estate.MseeOf("contoso", 0)} | Active VirtualNetworkGateway {estate.MseeOf("contoso", 1)}", Row("10.10.0.0/16", RouteOrigins.GatewayRoute));
        Assert.Equal("Active VirtualNetworkGateway 10.100.2.4", Row("10.0.0.0/11", RouteOrigins.GatewayRoute));
        // The NVA's default route beats the Internet default; the UDR beats the BGP route of the same prefix.
        Assert.Equal("Active VirtualNetworkGateway 10.100.2.4", Row("0.0.0.0/0", RouteOrigins.GatewayRoute));
        Assert.Equal("Invalid Internet ", Row("0.0.0.0/0", RouteOrigins.SystemRoute));
        Assert.Equal("Active VirtualAppliance 10.100.2.4", Row("10.200.0.0/22", RouteOrigins.UserRoute));
        Assert.StartsWith("Invalid VirtualNetworkGateway", Row("10.200.0.0/22", RouteOrigins.GatewayRoute), StringComparison.Ordinal);
        Assert.Equal("Active None ", Row("10.0.0.0/8", RouteOrigins.SystemRoute));
        // An IPv4-only NIC gets no IPv6 route; the NVA's own NIC gets back what the NVA announces (its default route pointing at itself).
        Assert.DoesNotContain(nic, r => !r.Prefix.IsIPv4);
        Assert.Contains(estate.Observe()[NvaNic("fw01")], r => r.Origin == RouteOrigins.GatewayRoute && r.Prefix.Length == 0 && r.NextHop == "10.100.2.4");
    }

    public static TheoryData<string, TestEstate> HealthyEstates() => new()
    {
        { "NVA hairpin", Healthy },
        { "Global Reach", GlobalReachDesign },
        { "Global Reach, branch-to-branch off", GlobalReachDesign with { BranchToBranch = false, Nvas = [] } },
        { "hairpin with two NVAs", Healthy with { Nvas = [Healthy.Nvas[0], NvaSpec.Of("fw02", 65020, "10.100.2.5", "0.0.0.0/0", "10.0.0.0/11", "10.200.0.0/15")] } },
        { "two sites and AVS, hairpin", Healthy with { Sites = [Healthy.Sites[0], new SiteSpec("dr", 65002, [IpPrefix.Parse("10.30.0.0/16")])] } },
        { "no AVS, no NVA", Healthy with { Avs = false, Nvas = [] } },
        { "AVS through the NVA by UDR", Healthy with { SpokeRouteTable = RouteTableSpec.With(("10.200.0.0/22", NextHopTypes.VirtualAppliance, "10.100.2.4"), ("10.201.1.0/24", NextHopTypes.VirtualAppliance, "10.100.2.4")) } },
    };

    [Theory]
    [MemberData(nameof(HealthyEstates))]
    public void A_healthy_estate_yields_no_break_for_any_prefix(string name, TestEstate estate)
    {
        var explainer = estate.Explainer(estate.Observe());
        var prefixes = explainer.ObservedPrefixes();
        Assert.NotEmpty(prefixes);
        foreach (var prefix in prefixes)
        {
            var explanation = explainer.Explain(prefix);
            Assert.True(explanation.IsHealthy, $"{name}: {explanation.Summary}");
            Assert.NotEmpty(explanation.Hops);
        }
    }
}
