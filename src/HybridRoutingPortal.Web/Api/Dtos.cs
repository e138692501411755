using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Health;
using Route = HybridRoutingPortal.Core.Route;

namespace HybridRoutingPortal.Web.Api;

public sealed record VantagePointDto(
    string Id,
    VantageKind Kind,
    string Name,
    string NodeId,
    string ResourceId,
    string? PeerNodeId,
    string? Qualifier,
    int RouteCount,
    ObservationStatus? Status,
    Freshness Freshness,
    DateTimeOffset? LastPolledAt,
    DateTimeOffset? LastSuccessAt,
    ErrorDto? LastError,
    int ConsecutiveFailures)
{
    public static VantagePointDto From(VantageState v, DateTimeOffset now, TimeSpan staleAfter) =>
        new(v.Id, v.Kind, v.Name, v.NodeId, v.ResourceId, v.PeerNodeId, v.Qualifier, v.RouteCount, v.LastStatus,
            VantageHealth.Of(v, now, staleAfter), v.LastPolledAt, v.LastSuccessAt,
            v.LastError is null ? null : new ErrorDto(v.LastFailureReason ?? FailureReason.Unknown, v.LastError, v.LastErrorAt, VantageHealth.Advice(v.LastFailureReason)),
            v.ConsecutiveFailures);
}

public sealed record ErrorDto(FailureReason Reason, string Message, DateTimeOffset? At, string Advice);

public sealed record RouteDto(
    string VantageId,
    string Prefix,
    string NextHop,
    string AsPath,
    string Origin,
    long? Weight,
    long? LocalPreference,
    string? SourcePeer,
    string? LocalAddress,
    DateTimeOffset? Since)
{
    public static RouteDto From(string vantageId, Route r, DateTimeOffset? since) =>
        new(vantageId, r.Prefix.ToString(), r.NextHop, r.AsPath.Text, r.Origin, r.Weight, r.LocalPreference, r.SourcePeer, r.LocalAddress, since);
}

/// <param name="Count">Routes in this page.</param>
/// <param name="Continuation">Pass as <c>continuation</c> for the next page; null on the last.</param>
public sealed record RoutesResponse(DateTimeOffset At, string? Vantage, string? Within, string? Covering, int Count, IReadOnlyList<RouteDto> Routes, string? Continuation = null);

public sealed record SnapshotDto(
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
    public static SnapshotDto From(PollInfo p) =>
        new(p.Id, p.VantageId, p.PolledAt, p.Status, p.FailureReason, p.FailureMessage, p.RouteCount, p.Added, p.Removed, p.Changed);
}

public sealed record SnapshotsResponse(string? Vantage, DateTimeOffset? From, DateTimeOffset? To, int Count, IReadOnlyList<SnapshotDto> Snapshots);

public sealed record AttributeChangeDto(string Attribute, string? Before, string? After);

public sealed record RouteChangeDto(ChangeKind Kind, string Prefix, RouteDto? Before, RouteDto? After, IReadOnlyList<AttributeChangeDto> Attributes);

public sealed record VantageDiffDto(string VantageId, string Name, int Added, int Removed, int Changed, IReadOnlyList<RouteChangeDto> Changes)
{
    public static VantageDiffDto From(VantageDiff d) =>
        new(d.VantageId, d.Name, d.Diff.Added, d.Diff.Removed, d.Diff.Changed,
            d.Diff.Changes.Select(c => new RouteChangeDto(c.Kind, c.Prefix.ToString(),
                c.Before is null ? null : RouteDto.From(d.VantageId, c.Before, null),
                c.After is null ? null : RouteDto.From(d.VantageId, c.After, null),
                c.Attributes.Select(a => new AttributeChangeDto(a.Attribute, a.Before, a.After)).ToArray())).ToArray());
}

/// <param name="Added">Totals over the whole comparison, every page.</param>
/// <param name="VantagePoints">This page's changes, grouped by vantage point (a vantage point's changes may continue on the next page).</param>
/// <param name="Continuation">Pass as <c>continuation</c> for the next page; null on the last.</param>
/// <param name="NoHistoryBefore">Vantage points whose history starts inside the window: their state at <c>from</c> is unknown, so they are not compared before their first poll (vantage id → first poll).</param>
public sealed record DiffResponse(DateTimeOffset From, DateTimeOffset To, string? Vantage, int Added, int Removed, int Changed, IReadOnlyList<VantageDiffDto> VantagePoints,
    string? Continuation = null, IReadOnlyDictionary<string, DateTimeOffset>? NoHistoryBefore = null);

public sealed record RouteSpanDto(RouteDto Route, DateTimeOffset From, DateTimeOffset? To);

public sealed record TimelineLaneDto(string VantageId, string VantageName, string Prefix, IReadOnlyList<RouteSpanDto> Spans,
    IReadOnlyList<DateTimeOffset> AttributeChanges, IReadOnlyList<DateTimeOffset> FailedPolls);

/// <param name="Lanes">This page's lanes, in prefix order then vantage point.</param>
/// <param name="Continuation">Pass as <c>continuation</c> for the next page of lanes; null on the last.</param>
public sealed record TimelineDto(string Prefix, PrefixMatch Match, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<TimelineLaneDto> Lanes,
    string? Continuation = null)
{
    public static TimelineDto Of(PrefixTimeline t, string? continuation = null) =>
        new(t.Prefix.ToString(), t.Match, t.From, t.To, t.Lanes.Select(l => new TimelineLaneDto(l.VantageId, l.VantageName, l.Prefix.ToString(),
            l.Spans.Select(s => new RouteSpanDto(RouteDto.From(s.VantageId, s.Route, s.From), s.From, s.To)).ToArray(), l.AttributeChanges, l.FailedPolls)).ToArray(),
            continuation);
}
