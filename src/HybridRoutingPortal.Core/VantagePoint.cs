namespace HybridRoutingPortal.Core;

/// <summary>Where a route can be seen, and which ARM operation shows it (DESIGN.md §1).</summary>
public enum VantageKind
{
    RouteServerLearned,
    RouteServerAdvertised,
    CircuitRouteTable,
    GatewayLearned,
    GatewayAdvertised,
    AvsSegments,
    VnetAddressSpace,

    /// <summary>What a VM's NIC actually uses: its effective route table (the data plane).</summary>
    NicEffectiveRoutes,

    /// <summary>A route table's user-defined routes (UDRs).</summary>
    RouteTable,
}

/// <summary>
/// A place routes are observed. The id is stable across restarts: the lower-cased ARM resource id plus
/// qualifiers (direction, peer, instance, path), so links and exports keep working. Facts other parts
/// need (which circuit and path a route table belongs to) travel typed, never inside <see cref="Name"/>.
/// </summary>
public sealed record VantagePoint(
    string Id,
    VantageKind Kind,
    string Name,
    string NodeId,
    string ResourceId,
    string? PeerNodeId = null,
    string? Qualifier = null,
    CircuitRef? Circuit = null);

public static class VantageId
{
    public const int MaxLength = 1024;

    public static string Create(string resourceId, params string[] qualifiers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resourceId);
        var id = resourceId.Trim().TrimEnd('/').ToLowerInvariant();
        return qualifiers.Length == 0 ? id : $"{id}#{string.Join('/', qualifiers.Select(q => q.ToLowerInvariant()))}";
    }

    /// <summary>
    /// Checks the shape only (an ARM id, optional qualifiers, printable, bounded); whether the vantage
    /// exists is the store's question.
    /// </summary>
    public static bool IsWellFormed(string? id, out string? error)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            error = "A vantage point id is required.";
            return false;
        }

        if (id.Length > MaxLength || !id.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase)
            || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            error = $"'{Truncate(id)}' is not a vantage point id (expected an ARM resource id such as /subscriptions/…/bgpConnections/nva#learned/in_0).";
            return false;
        }

        error = null;
        return true;
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
