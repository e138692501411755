using System.Text.Json.Serialization;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Propagation;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Health;

namespace HybridRoutingPortal.Monitoring.Graph;

/// <summary>Added / removed / changed counts between two moments.</summary>
public sealed record ChangeCountsDto(int Added, int Removed, int Changed)
{
    public int Total => Added + Removed + Changed;
}

/// <summary>A node as the graph shows it: kind, health, route counts, and (when asked) changes and trace state.</summary>
// Enums travel as names: the graph's styles key on them, over JS interop as well as the API.
public sealed record TopologyNodeDto(
    string Id,
    [property: JsonConverter(typeof(JsonStringEnumConverter<NodeKind>))] NodeKind Kind,
    string Label,
    string? Detail,
    string? ResourceId,
    [property: JsonConverter(typeof(CamelCaseEnumConverter<GraphHealth>))] GraphHealth Health,
    int Routes,
    string? Summary,
    IReadOnlyList<string> VantageIds,
    ChangeCountsDto? Changes,
    string? Trace);

/// <summary>
/// An edge: kind, BGP state, health, prefix counts in and out where a vantage point sees them, (for a BGP session
/// the metrics report) its up/down timeline per lane over the hours before the moment shown, and (for a VNet peering)
/// whether the spoke uses the hub's gateway and Route Server over it (<see cref="PeeringFacts.UsesRemoteGateway"/>; null: not known).
/// </summary>
public sealed record TopologyEdgeDto(
    string Id,
    [property: JsonConverter(typeof(JsonStringEnumConverter<LinkKind>))] LinkKind Kind,
    string From,
    string To,
    string Label,
    [property: JsonConverter(typeof(JsonStringEnumConverter<BgpState>))] BgpState? State,
    [property: JsonConverter(typeof(CamelCaseEnumConverter<GraphHealth>))] GraphHealth Health,
    int? RoutesIn,
    int? RoutesOut,
    ChangeCountsDto? Changes,
    IReadOnlyList<SessionTimelineDto>? Sessions = null,
    bool? UsesRemoteGateway = null);

/// <summary>A stretch of time one lane of a session spent in one state, as the metrics report it; To null while it still is.</summary>
public sealed record SessionSpanDto(DateTimeOffset From, DateTimeOffset? To, [property: JsonConverter(typeof(JsonStringEnumConverter<BgpState>))] BgpState State);

/// <summary>
/// One lane of a BGP session in the metrics (a Route Server instance, a circuit path): its up/down spans in the window,
/// oldest first, and how many times it went down in it. Spans start where the kept history starts.
/// </summary>
public sealed record SessionTimelineDto(string SeriesId, string Lane, string Name, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SessionSpanDto> Spans, int Downs);

/// <summary>
/// One vantage point on a prefix's path, in path order: what it shows (<see cref="Status"/>, the covering route it holds:
/// <see cref="Via"/>, <see cref="NextHop"/>, <see cref="AsPath"/>), the rule that carries the prefix there
/// (<see cref="Rule"/>), and where it is not as expected, why (<see cref="Reason"/>).
/// </summary>
public sealed record TraceHopDto(
    string VantageId,
    string Name,
    string NodeId,
    [property: JsonConverter(typeof(JsonStringEnumConverter<VantageKind>))] VantageKind Kind,
    string Status,
    string? Via,
    string? NextHop,
    string? AsPath,
    string? Rule = null,
    ExplainReasonDto? Reason = null);

/// <summary>
/// A prefix trace: the explanation's path from the origin (<see cref="Origin"/>) through every vantage point
/// (<see cref="Hops"/>, path order) to the first break (<see cref="Break"/>, with its reason and suggested change), a
/// one-line <see cref="Verdict"/>, and the path's nodes and edges for the graph to draw (<see cref="Path"/>).
/// </summary>
public sealed record TraceDto(
    string Prefix,
    IReadOnlyList<TraceHopDto> Hops,
    string Verdict,
    ExplainedOriginDto? Origin = null,
    TraceHopDto? Break = null,
    TracePathDto? Path = null);

/// <summary>
/// The path as the graph draws it: topology node ids in path order (origin first), the edges between them, each step
/// of the propagation model (<see cref="TraceStepDto.Carried"/> false where a rule stops it) and the node of the first break.
/// </summary>
public sealed record TracePathDto(IReadOnlyList<string> NodeIds, IReadOnlyList<string> EdgeIds, IReadOnlyList<TraceStepDto> Steps, string? BreakNodeId);

/// <summary>One hop of the model between two topology nodes, the links that join them, and the Azure rule that carries (or stops) the prefix over it.</summary>
public sealed record TraceStepDto(
    string From,
    string To,
    IReadOnlyList<string> EdgeIds,
    [property: JsonConverter(typeof(JsonStringEnumConverter<HopRule>))] HopRule Rule,
    bool Carried);

public sealed record TopologyResponse(
    DateTimeOffset At,
    DateTimeOffset? CompareFrom,
    IReadOnlyList<TopologyNodeDto> Nodes,
    IReadOnlyList<TopologyEdgeDto> Edges,
    TraceDto? Trace);

/// <summary>Health travels in camelCase ("ok", "none", "alert"): the graph's style classes key on it.</summary>
public sealed class CamelCaseEnumConverter<T>() : JsonStringEnumConverter<T>(System.Text.Json.JsonNamingPolicy.CamelCase)
    where T : struct, Enum;

public static class TraceStatus
{
    public const string Present = "present";
    public const string Partial = "partial";
    public const string DefaultOnly = "default";
    public const string Diverted = "diverted";
    public const string Absent = "absent";
    public const string Unknown = "unknown";
}
