using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Data;

/// <summary>A vantage point with its latest poll outcome.</summary>
public sealed record VantageState(
    VantagePoint Point,
    int RouteCount,
    ObservationStatus? LastStatus,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    FailureReason? LastFailureReason,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int ConsecutiveFailures,
    DateTimeOffset? RetiredAt = null)
{
    /// <summary>Still part of the estate (a retired vantage point keeps its history but is no longer polled).</summary>
    public bool Active => RetiredAt is null;

    public string Id => Point.Id;

    public VantageKind Kind => Point.Kind;

    public string Name => Point.Name;

    public string NodeId => Point.NodeId;

    public string ResourceId => Point.ResourceId;

    public string? PeerNodeId => Point.PeerNodeId;

    public string? Qualifier => Point.Qualifier;

    public CircuitRef? Circuit => Point.Circuit;
}

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

/// <summary>One stretch of time a route was present at a vantage point: [From, To), To null while still present.</summary>
public sealed record RouteSpan(string VantageId, Route Route, DateTimeOffset From, DateTimeOffset? To);

/// <summary>Where and when routes inside (or equal to) a prefix were present, with the polls that failed in the window.</summary>
public sealed record PrefixTimeline(
    IpPrefix Prefix,
    PrefixMatch Match,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<TimelineLane> Lanes);

/// <summary>One lane: a vantage point and a prefix, its presence spans and the moments nothing was known.</summary>
public sealed record TimelineLane(
    string VantageId,
    string VantageName,
    IpPrefix Prefix,
    IReadOnlyList<RouteSpan> Spans,
    IReadOnlyList<DateTimeOffset> AttributeChanges,
    IReadOnlyList<DateTimeOffset> FailedPolls);

/// <summary>A vantage point as of a moment: its last poll's status and the routes its last good poll held.</summary>
public sealed record VantageMoment(string VantageId, ObservationStatus? LastStatus, DateTimeOffset? LastPolledAt, int RouteCount, DateTimeOffset? LastSuccessAt);
