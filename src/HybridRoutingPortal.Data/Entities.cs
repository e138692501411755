namespace HybridRoutingPortal.Data;

// One clear table per network concept (after SuzieQ). Times are UTC ticks: SQLite has no native
// time type, and integer ticks keep range queries on indexes.

/// <summary>A vantage point and its latest known state.</summary>
public sealed class VantagePointRow
{
    /// <summary>Small surrogate key: interval rows repeat it, the long ARM-based id would bloat them.</summary>
    public int Key { get; set; }

    public required string Id { get; set; }

    public int Kind { get; set; }

    public required string Name { get; set; }

    public required string NodeId { get; set; }

    public required string ResourceId { get; set; }

    public string? PeerNodeId { get; set; }

    public string? Qualifier { get; set; }

    /// <summary>The circuit a route table belongs to (ARM id and name) and which path: typed, not read from the name.</summary>
    public string? CircuitId { get; set; }

    public string? CircuitName { get; set; }

    public int? CircuitPath { get; set; }

    public long? LastPollId { get; set; }

    public long? LastPolledAt { get; set; }

    public int? LastStatus { get; set; }

    public long? LastSuccessAt { get; set; }

    public int? LastFailureReason { get; set; }

    public string? LastError { get; set; }

    public long? LastErrorAt { get; set; }

    /// <summary>Consecutive failed polls, for "source unavailable for N polls".</summary>
    public int ConsecutiveFailures { get; set; }

    /// <summary>Hash of the route set now open in intervals; an Ok poll with the same hash writes no routes.</summary>
    public string? ContentHash { get; set; }

    public int RouteCount { get; set; }

    /// <summary>When the source stopped reporting it (discovery no longer finds the resource); null while it is part of the estate.</summary>
    public long? RetiredAt { get; set; }
}

/// <summary>One poll of one vantage point, Ok or not. Always written, so gaps and failures stay visible.</summary>
public sealed class PollRow
{
    public long Id { get; set; }

    public int VantageKey { get; set; }

    public long PolledAt { get; set; }

    public int Status { get; set; }

    public int? FailureReason { get; set; }

    public string? FailureMessage { get; set; }

    public int RouteCount { get; set; }

    public int Added { get; set; }

    public int Removed { get; set; }

    public int Changed { get; set; }
}

/// <summary>
/// A route valid from one poll to another: [FromTicks, ToTicks). ToTicks is <see cref="long.MaxValue"/>
/// while the route is still present, which keeps "still open" and "at T" on one index.
/// </summary>
public sealed class RouteIntervalRow
{
    public const long Open = long.MaxValue;

    public long Id { get; set; }

    public int VantageKey { get; set; }

    /// <summary>4 for IPv4, 6 for IPv6.</summary>
    public int Family { get; set; }

    /// <summary>Network address, big-endian; SQLite compares blobs bytewise, so ranges index.</summary>
    public required byte[] Network { get; set; }

    public int PrefixLength { get; set; }

    public required string NextHop { get; set; }

    public required string SourcePeer { get; set; }

    public required string LocalAddress { get; set; }

    public required string AsPath { get; set; }

    public required string Origin { get; set; }

    public long? Weight { get; set; }

    public long? LocalPreference { get; set; }

    /// <summary>An effective route's next-hop type as ARM spells it (VnetLocal, VirtualAppliance…); empty for a BGP route.</summary>
    public string NextHopType { get; set; } = string.Empty;

    /// <summary>An effective route's state (<see cref="Core.RouteState"/>); null for a BGP route.</summary>
    public int? State { get; set; }

    public long FromPollId { get; set; }

    public long FromTicks { get; set; }

    public long? ToPollId { get; set; }

    public long ToTicks { get; set; } = Open;
}

/// <summary>The topology as the source described it, written only when it changed.</summary>
public sealed class TopologySnapshotRow
{
    public long Id { get; set; }

    public long AtTicks { get; set; }

    public required string Hash { get; set; }

    public required string Json { get; set; }
}

/// <summary>Small durable facts, such as the demo's epoch.</summary>
public sealed class SettingRow
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

/// <summary>The leader's term on PostgreSQL (one row): raised by each new leader, checked by the leader's writes (fencing).</summary>
public sealed class LeaderTermRow
{
    public required string Name { get; set; }

    public long Term { get; set; }

    public required string Holder { get; set; }

    public long Since { get; set; }
}
