namespace HybridRoutingPortal.Core;

/// <summary>A documented Azure limit that applies to a vantage point's route count.</summary>
public sealed record RouteLimit(long Value, string Label, string Source);

/// <summary>
/// Azure limits a route count can run into (DESIGN.md §1, from Microsoft's docs as of 2025):
/// Route Server: https://learn.microsoft.com/azure/route-server/route-server-faq (4,000 routes per BGP peer);
/// ExpressRoute: https://learn.microsoft.com/azure/expressroute/expressroute-faq and
/// https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits
/// (4,000 on-prem prefixes on private peering, Standard; 1,000 VNet prefixes advertised to on-prem; ErGw1AZ learns 4,000).
/// </summary>
public static class KnownLimits
{
    public static RouteLimit? For(VantageKind kind) => kind switch
    {
        VantageKind.RouteServerLearned => new RouteLimit(4000, "Route Server routes per BGP peer", "route-server-faq"),
        VantageKind.CircuitRouteTable => new RouteLimit(4000, "private peering prefixes from on-prem (Standard; Premium 10,000)", "expressroute-limits"),
        VantageKind.GatewayLearned => new RouteLimit(4000, "routes an ErGw1AZ gateway learns (ErGw2AZ/3AZ 9,500)", "expressroute-limits"),
        VantageKind.GatewayAdvertised => new RouteLimit(1000, "VNet prefixes advertised to on-prem over ExpressRoute", "expressroute-limits"),
        _ => null,
    };
}
