namespace HybridRoutingPortal.Core;

/// <summary>The two MSEE devices of an ExpressRoute circuit, each with its own BGP session and route table.</summary>
public enum CircuitPath
{
    Primary,
    Secondary,
}

/// <summary>Which circuit, and which of its two paths, a vantage point looks at.</summary>
public sealed record CircuitRef(string CircuitId, string CircuitName, CircuitPath Path);

public static class CircuitPaths
{
    public static readonly IReadOnlyList<CircuitPath> Both = [CircuitPath.Primary, CircuitPath.Secondary];

    /// <summary>The devicePath segment ARM uses in the route-table URLs, and the vantage id qualifier.</summary>
    public static string ArmName(this CircuitPath path) => path == CircuitPath.Primary ? "primary" : "secondary";
}
