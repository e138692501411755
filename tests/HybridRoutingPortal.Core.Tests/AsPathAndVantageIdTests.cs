using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Core.Tests;

public class AsPathAndVantageIdTests
{
    [Theory]
    [InlineData("65002-65001", "65002 65001")]
    [InlineData("65515 12076  65001", "65515 12076 65001")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void As_paths_from_every_arm_shape_normalise_alike(string? text, string expected) =>
        Assert.Equal(expected, AsPath.Parse(text).Text);

    [Fact]
    public void As_path_knows_its_origin_and_members()
    {
        var path = AsPath.Parse("65515-12076-4200000100");
        Assert.Equal(4200000100, path.Origin);
        Assert.True(path.Contains(65515));
        Assert.Equal("65010 65515 12076 4200000100", path.Prepend(65010).Text);
    }

    [Fact]
    public void Vantage_ids_are_stable_lower_case_arm_ids_with_qualifiers()
    {
        var id = VantageId.Create("/subscriptions/S/resourceGroups/RG/providers/Microsoft.Network/virtualHubs/RS/bgpConnections/NVA/", "learned", "RouteServiceRole_IN_0");
        Assert.Equal("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualhubs/rs/bgpconnections/nva#learned/routeservicerole_in_0", id);
        Assert.True(VantageId.IsWellFormed(id, out _));
    }

    [Theory]
    [InlineData("")]
    [InlineData("nva-learned")]
    [InlineData("/subscriptions/x y")]
    [InlineData("/resourceGroups/rg")]
    public void Malformed_vantage_ids_are_refused(string id) => Assert.False(VantageId.IsWellFormed(id, out _));
}
