using System.Globalization;

namespace HybridRoutingPortal.Web;

/// <summary>How the UI writes times: UTC, to the second, as route tables and tickets do.</summary>
public static class UiFormat
{
    public static string Utc(DateTimeOffset? t) =>
        t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z" : "—";

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string KindLabel(HybridRoutingPortal.Core.VantageKind kind) => kind switch
    {
        HybridRoutingPortal.Core.VantageKind.RouteServerLearned => "Route Server learned",
        HybridRoutingPortal.Core.VantageKind.RouteServerAdvertised => "Route Server advertised",
        HybridRoutingPortal.Core.VantageKind.CircuitRouteTable => "ExpressRoute circuit",
        HybridRoutingPortal.Core.VantageKind.GatewayLearned => "Gateway learned",
        HybridRoutingPortal.Core.VantageKind.GatewayAdvertised => "Gateway advertised",
        HybridRoutingPortal.Core.VantageKind.AvsSegments => "AVS",
        HybridRoutingPortal.Core.VantageKind.VnetAddressSpace => "VNet",
        _ => kind.ToString(),
    };
}
