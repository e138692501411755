using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>A vantage point with its latest poll outcome.</summary>
public sealed record VantageState(
    string Id,
    VantageKind Kind,
    string Name,
    string NodeId,
    string ResourceId,
    string? PeerNodeId,
    string? Qualifier,
    int RouteCount,
    ObservationStatus? LastStatus,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    FailureReason? LastFailureReason,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures);

/// <summary>A route present at a vantage point, and since when (the start of its interval).</summary>
public sealed record RouteAt(string VantageId, Route Route, DateTimeOffset Since);

public sealed record PollInfo(
    long Id,
    string VantageId,
    DateTimeOffset PolledAt,
    ObservationStatus Status,
    FailureReason? FailureReason,
    string? FailureMessage,
    int RouteCount,
    int Added,
    int Removed,
    int Changed)
{
    public int ChangeCount => Added + Removed + Changed;
}

public sealed record VantageDiff(string VantageId, string Name, RouteSetDiff Diff);

public enum PrefixMatch
{
    /// <summary>Routes whose prefix lies inside the given one (or equals it).</summary>
    Inside,

    /// <summary>Routes whose prefix covers the given one (or equals it): who would carry traffic to it.</summary>
    Covering,

    Exact,
}

public sealed record PrefixFilter(IpPrefix Prefix, PrefixMatch Match);

public sealed record HistoryRange(DateTimeOffset? First, DateTimeOffset? Last, long PollCount);
