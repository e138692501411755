using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Core.Tests;

public class IpPrefixTests
{
    [Theory]
    [InlineData("10.1.2.3/16", "10.1.0.0/16")]
    [InlineData(" 10.0.0.0/8 ", "10.0.0.0/8")]
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    [InlineData("192.168.1.7", "192.168.1.7/32")]
    [InlineData("2001:DB8:0:0::1/32", "2001:db8::/32")]
    [InlineData("2001:db8:100:ff::/48", "2001:db8:100::/48")]
    [InlineData("::/0", "::/0")]
    public void Parse_normalises_host_bits_and_case(string text, string expected) =>
        Assert.Equal(expected, IpPrefix.Parse(text).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0/8")]
    [InlineData("10")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/abc")]
    [InlineData("2001:db8::/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("not-a-prefix")]
    [InlineData("10.0.0.0/ 8")]
    public void TryParse_rejects_malformed_input_with_a_message(string text)
    {
        Assert.False(IpPrefix.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/8", "10.0.0.0/8", true)]
    [InlineData("10.1.0.0/16", "10.0.0.0/8", false)]
    [InlineData("10.0.0.0/8", "11.0.0.0/16", false)]
    [InlineData("0.0.0.0/0", "192.168.1.0/24", true)]
    [InlineData("2001:db8::/32", "2001:db8:100::/48", true)]
    [InlineData("2001:db8::/32", "2001:db9::/48", false)]
    [InlineData("::/0", "10.0.0.0/8", false)]
    public void Contains_follows_cidr_containment(string outer, string inner, bool expected) =>
        Assert.Equal(expected, IpPrefix.Parse(outer).Contains(IpPrefix.Parse(inner)));

    [Fact]
    public void Supernets_walk_from_zero_to_the_prefix()
    {
        var supernets = IpPrefix.Parse("10.200.4.0/22").Supernets().ToArray();
        Assert.Equal(23, supernets.Length);
        Assert.Equal("0.0.0.0/0", supernets[0].ToString());
        Assert.Equal("10.0.0.0/8", supernets[8].ToString());
        Assert.Equal("10.200.4.0/22", supernets[^1].ToString());
        Assert.All(supernets, s => Assert.True(s.Contains(IpPrefix.Parse("10.200.4.0/22"))));
    }

    [Fact]
    public void Bytes_round_trip_and_order_like_addresses()
    {
        foreach (var text in new[] { "10.200.0.0/22", "0.0.0.0/0", "255.255.255.255/32", "2001:db8:a00::/48", "::/0" })
        {
            var p = IpPrefix.Parse(text);
            Assert.Equal(p, IpPrefix.FromNetwork(p.StartBytes, p.Length));
        }

        var end = IpPrefix.Parse("10.200.0.0/22").EndBytes;
        Assert.Equal(new byte[] { 10, 200, 3, 255 }, end);
        var sorted = new[] { "10.2.0.0/16", "9.0.0.0/8", "10.10.0.0/16", "2001:db8::/32", "10.2.0.0/15" }
            .Select(IpPrefix.Parse).Order().Select(p => p.ToString()).ToArray();
        Assert.Equal(["9.0.0.0/8", "10.2.0.0/15", "10.2.0.0/16", "10.10.0.0/16", "2001:db8::/32"], sorted);
    }
}
