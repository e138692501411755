namespace HybridRoutingPortal.Core;

/// <summary>
/// Autonomous system numbers Azure fixes. Route Server and the ExpressRoute/VPN gateways speak as 65515;
/// the Microsoft edge (MSEE) as 12076. Azure reserves 8074, 8075, 12076, 65515 and 65517–65520: a peer may
/// not use them, and Route Server drops a route whose AS path already holds 65515 (loop prevention).
/// Source: https://learn.microsoft.com/azure/route-server/route-server-faq and
/// https://learn.microsoft.com/azure/expressroute/expressroute-routing (as of 2025).
/// </summary>
public static class AzureAsns
{
    /// <summary>Route Server and the virtual network gateways.</summary>
    public const long Azure = 65515;

    /// <summary>The Microsoft Enterprise Edge routers of an ExpressRoute circuit.</summary>
    public const long MicrosoftEdge = 12076;

    public static readonly IReadOnlySet<long> Reserved = new HashSet<long> { 8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520 };

    /// <summary>True when a path came through Azure's own routers (and would be dropped by Route Server's loop prevention).</summary>
    public static bool CameThroughAzure(AsPath path) => path.Contains(Azure);
}
