namespace HybridRoutingPortal.Core;

/// <summary>
/// The <see cref="Route.Origin"/> values sources write for routes that are not BGP routes but facts of
/// the estate (an AVS private cloud's definitions, a VNet's address space). One vocabulary for every source.
/// </summary>
public static class RouteOrigins
{
    /// <summary>An AVS private cloud's /22 management network block.</summary>
    public const string AvsManagementBlock = "Management";

    /// <summary>An AVS NSX workload segment.</summary>
    public const string AvsSegment = "Segment";

    /// <summary>A VNet's own address space (and gateway-local routes).</summary>
    public const string Network = "Network";
}
