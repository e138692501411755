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
        HybridRoutingPortal.Core.VantageKind.NicEffectiveRoutes => "NIC effective routes (data plane)",
        HybridRoutingPortal.Core.VantageKind.RouteTable => "Route tables (UDRs)",
        _ => kind.ToString(),
    };

    /// <summary>A failure reason in words: a stopped VM is not an error of the source, and says so.</summary>
    public static string FailureLabel(HybridRoutingPortal.Core.FailureReason? reason) => reason switch
    {
        HybridRoutingPortal.Core.FailureReason.NotRunning => "VM not running",
        null => "",
        _ => reason.Value.ToString(),
    };
}
