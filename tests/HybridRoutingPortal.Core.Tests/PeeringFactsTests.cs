namespace HybridRoutingPortal.Core.Tests;

/// <summary>A spoke uses the hub's gateway and Route Server only when it sets useRemoteGateways and the hub allows transit.</summary>
public class PeeringFactsTests
{
    private static PeeringSide Side(bool? allowTransit, bool? useRemote) => new(allowTransit, useRemote, BgpState.Connected);

    [Theory]
    [InlineData(true, false, false, true, true)]    // hub allows, spoke uses
    [InlineData(false, true, true, false, true)]    // the same, recorded from the spoke's side
    [InlineData(true, false, false, false, false)]  // spoke does not use it
    [InlineData(false, false, false, true, false)]  // spoke asks, hub offers no transit
    [InlineData(null, false, false, true, null)]    // hub side's transit not read
    [InlineData(true, false, false, null, null)]    // spoke side's flag not read
    [InlineData(false, false, null, null, false)]   // whatever the spoke says, the hub neither uses nor offers
    public void Uses_remote_gateway_needs_both_flags_and_stays_open_while_a_side_is_unread(bool? fromAllows, bool? fromUses, bool? toAllows, bool? toUses, bool? expected) =>
        Assert.Equal(expected, new PeeringFacts(Side(fromAllows, fromUses), Side(toAllows, toUses)).UsesRemoteGateway);

    [Fact]
    public void A_side_not_read_at_all_leaves_it_open_unless_the_other_rules_it_out()
    {
        Assert.Null(new PeeringFacts(Side(true, false), null).UsesRemoteGateway);
        Assert.False(new PeeringFacts(Side(false, false), null).UsesRemoteGateway);
        Assert.Null(new PeeringFacts(null, null).UsesRemoteGateway);
    }
}
