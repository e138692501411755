using System.Text.Json.Serialization;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Monitoring.Explain;

/// <summary>
/// <c>GET /api/v1/explain</c>'s answer (DESIGN.md §4): <c>{ prefix, at, origin, hops: [{ vantageId, name, kind, status, via,
/// reason: { code, text, evidence, suggestion } }] }</c>, hops in path order, a reason only where the prefix is not as expected.
/// </summary>
public sealed record ExplanationDto(string Prefix, DateTimeOffset At, ExplainedOriginDto? Origin, IReadOnlyList<ExplainedHopDto> Hops)
{
    public static ExplanationDto From(Explanation e) =>
        new(e.Prefix.ToString(), e.At, e.Origin is { } o ? ExplainedOriginDto.From(o) : null, e.Hops.Select(ExplainedHopDto.From).ToArray());
}

/// <summary>Where the prefix enters the estate; <c>observed</c> is false when nothing shows it at its source.</summary>
public sealed record ExplainedOriginDto(
    [property: JsonConverter(typeof(JsonStringEnumConverter<OriginKind>))] OriginKind Kind,
    string NodeId,
    string Name,
    string Prefix,
    string? VantageId,
    bool Observed)
{
    public static ExplainedOriginDto From(ExplainedOrigin o) => new(o.Kind, o.NodeId, o.Name, o.Prefix.ToString(), o.VantageId, o.Observed);
}

/// <summary>One vantage point on the path: its status code (present, default, diverted, absent, unknown), the rule that carries the prefix there, and why not.</summary>
public sealed record ExplainedHopDto(
    string VantageId,
    string Name,
    [property: JsonConverter(typeof(JsonStringEnumConverter<VantageKind>))] VantageKind Kind,
    string Status,
    string Via,
    ExplainReasonDto? Reason)
{
    public static ExplainedHopDto From(ExplainedHop h) =>
        new(h.VantageId, h.Name, h.Kind, h.Status.Code(), h.Via, h.Reason is { } r ? ExplainReasonDto.From(r) : null);
}

/// <summary>A reason: its stable code (docs/explain.md), the sentence, the facts it rests on and the change to make.</summary>
public sealed record ExplainReasonDto(string Code, string Text, IReadOnlyList<ReasonEvidenceDto> Evidence, string Suggestion)
{
    public static ExplainReasonDto From(ExplainReason r) => new(r.CodeText, r.Text, r.Evidence.Select(ReasonEvidenceDto.From).ToArray(), r.Suggestion);
}

/// <summary>One fact: a route a vantage point shows, a setting, or a count against a limit.</summary>
public sealed record ReasonEvidenceDto(
    [property: JsonConverter(typeof(JsonStringEnumConverter<EvidenceKind>))] EvidenceKind Kind,
    string Text,
    string? VantageId,
    EvidenceRouteDto? Route,
    long? Count,
    long? Limit)
{
    public static ReasonEvidenceDto From(ReasonEvidence e) =>
        new(e.Kind, e.Text, e.VantageId, e.Route is { } r ? new EvidenceRouteDto(r.Prefix.ToString(), r.NextHop, r.AsPath.Text) : null, e.Count, e.Limit);
}

public sealed record EvidenceRouteDto(string Prefix, string NextHop, string AsPath);
