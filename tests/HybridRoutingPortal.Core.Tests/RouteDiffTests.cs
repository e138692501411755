using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Core.Tests;

public class RouteDiffTests
{
    private static Route R(string prefix, string nextHop, string path = "65001", string origin = "EBgp", long? weight = 0, string? peer = null, string? local = null) =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Parse(path), origin, weight, null, peer, local);

    [Fact]
    public void Identical_sets_have_no_changes_whatever_the_order()
    {
        var a = new[] { R("10.0.0.0/8", "1.1.1.1"), R("10.1.0.0/16", "1.1.1.2") };
        Assert.True(RouteDiff.Compute(a, a.Reverse()).IsEmpty);
    }

    [Fact]
    public void Added_and_removed_prefixes_are_reported()
    {
        var diff = RouteDiff.Compute([R("10.0.0.0/8", "1.1.1.1")], [R("10.1.0.0/16", "1.1.1.1")]);
        Assert.Equal(1, diff.Added);
        Assert.Equal(1, diff.Removed);
        Assert.Equal(0, diff.Changed);
    }

    [Fact]
    public void An_attribute_change_is_one_change_naming_the_attribute()
    {
        var diff = RouteDiff.Compute([R("10.0.0.0/8", "1.1.1.1", "65001")], [R("10.0.0.0/8", "1.1.1.1", "65010-65001")]);
        var change = Assert.Single(diff.Changes);
        Assert.Equal(ChangeKind.Changed, change.Kind);
        var attribute = Assert.Single(change.Attributes);
        Assert.Equal(("asPath", "65001", "65010 65001"), (attribute.Attribute, attribute.Before, attribute.After));
    }

    [Fact]
    public void Ecmp_paths_are_compared_path_by_path()
    {
        var before = new[] { R("10.100.0.0/22", "10.100.0.4"), R("10.100.0.0/22", "10.100.0.5") };
        var after = new[] { R("10.100.0.0/22", "10.100.0.4") };
        var diff = RouteDiff.Compute(before, after);
        var removed = Assert.Single(diff.Changes);
        Assert.Equal(ChangeKind.Removed, removed.Kind);
        Assert.Equal("10.100.0.5", removed.Before!.NextHop);

        var grown = RouteDiff.Compute(after, before);
        Assert.Equal(ChangeKind.Added, Assert.Single(grown.Changes).Kind);
    }

    [Fact]
    public void A_single_path_that_moves_next_hop_is_a_next_hop_change()
    {
        var diff = RouteDiff.Compute([R("0.0.0.0/0", "10.100.2.4")], [R("0.0.0.0/0", "10.100.2.5")]);
        var change = Assert.Single(diff.Changes);
        Assert.Equal(ChangeKind.Changed, change.Kind);
        Assert.Contains(change.Attributes, a => a.Attribute == "nextHop" && a.Before == "10.100.2.4" && a.After == "10.100.2.5");
    }

    [Fact]
    public void Ecmp_rebalancing_with_several_moves_stays_adds_and_removes()
    {
        var before = new[] { R("10.0.0.0/8", "1.1.1.1"), R("10.0.0.0/8", "1.1.1.2") };
        var after = new[] { R("10.0.0.0/8", "1.1.1.3"), R("10.0.0.0/8", "1.1.1.4") };
        var diff = RouteDiff.Compute(before, after);
        Assert.Equal((2, 2, 0), (diff.Added, diff.Removed, diff.Changed));
    }

    [Fact]
    public void Ipv6_routes_diff_like_ipv4()
    {
        var diff = RouteDiff.Compute(
            [R("2001:db8:100::/48", "fe80::1"), R("2001:db8:200::/48", "fe80::1")],
            [R("2001:db8:100::/48", "fe80::1", weight: 100), R("2001:db8:300::/48", "fe80::1")]);
        Assert.Equal((1, 1, 1), (diff.Added, diff.Removed, diff.Changed));
        Assert.Equal("weight", diff.Changes.Single(c => c.Kind == ChangeKind.Changed).Attributes.Single().Attribute);
    }

    [Fact]
    public void The_same_prefix_from_two_instances_is_two_routes()
    {
        var before = new[] { R("0.0.0.0/0", "10.100.2.4", local: "10.100.1.4"), R("0.0.0.0/0", "10.100.2.4", local: "10.100.1.5") };
        var after = new[] { R("0.0.0.0/0", "10.100.2.4", local: "10.100.1.4") };
        var change = Assert.Single(RouteDiff.Compute(before, after).Changes);
        Assert.Equal(("10.100.1.5", ChangeKind.Removed), (change.Before!.LocalAddress, change.Kind));
    }

    [Fact]
    public void Duplicate_routes_in_a_source_count_once()
    {
        var r = R("10.0.0.0/8", "1.1.1.1");
        Assert.True(RouteDiff.Compute([r, r], [r]).IsEmpty);
        Assert.Equal(RouteSet.ContentHash([r, r]), RouteSet.ContentHash([r]));
    }

    [Fact]
    public void Content_hash_ignores_order_and_sees_attribute_changes()
    {
        var a = R("10.0.0.0/8", "1.1.1.1");
        var b = R("10.1.0.0/16", "1.1.1.1");
        Assert.Equal(RouteSet.ContentHash([a, b]), RouteSet.ContentHash([b, a]));
        Assert.NotEqual(RouteSet.ContentHash([a]), RouteSet.ContentHash([a with { Weight = 5 }]));
    }

    private static Route Nic(string prefix, string source, string type, string nextHop = "", RouteState state = RouteState.Active) =>
        new(IpPrefix.Parse(prefix), nextHop, AsPath.Empty, source, NextHopType: type, State: state);

    [Fact]
    public void A_nic_lists_one_prefix_and_next_hop_from_a_user_route_and_from_bgp_as_two_routes()
    {
        var udr = Nic("10.200.0.0/22", RouteOrigins.UserRoute, NextHopTypes.VirtualAppliance, "10.100.2.4");
        var bgp = Nic("10.200.0.0/22", RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, "10.100.2.4", RouteState.Invalid);
        var none = Nic("10.0.0.0/8", RouteOrigins.SystemRoute, NextHopTypes.None);
        var userNone = Nic("10.0.0.0/8", RouteOrigins.UserRoute, NextHopTypes.None);
        Assert.Equal(4, RouteSet.ByKey([udr, bgp, none, userNone]).Count);
    }

    [Fact]
    public void An_effective_route_turning_invalid_is_a_change_of_its_state_and_the_hash_sees_it()
    {
        var active = Nic("10.10.0.0/16", RouteOrigins.GatewayRoute, NextHopTypes.VirtualNetworkGateway, "10.100.0.12");
        var invalid = active with { State = RouteState.Invalid };
        var change = Assert.Single(RouteDiff.Compute([active], [invalid]).Changes);
        Assert.Equal(ChangeKind.Changed, change.Kind);
        Assert.Equal(("state", "Active", "Invalid"), (change.Attributes.Single().Attribute, change.Attributes.Single().Before, change.Attributes.Single().After));
        Assert.NotEqual(RouteSet.ContentHash([active]), RouteSet.ContentHash([invalid]));
    }

    [Fact]
    public void A_bgp_route_keeps_the_canonical_form_and_hash_it_had_before_effective_routes_existed()
    {
        var route = R("10.0.0.0/8", "1.1.1.1", "65010 65001", "EBgp", 32768, "1.1.1.1", "10.0.0.4");
        Assert.Equal("10.0.0.0/8|1.1.1.1|1.1.1.1|10.0.0.4|65010 65001|EBgp|32768|", route.Canonical);
        Assert.Equal(new RouteKey(route.Prefix, "1.1.1.1", "1.1.1.1", "10.0.0.4"), route.Key);
    }
}
