using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain;

/// <summary>What a vantage point shows of a prefix.</summary>
public enum HopStatus
{
    /// <summary>A route covering the prefix (not the default route) is there.</summary>
    Present,

    /// <summary>Only the default route covers it: that proves nothing about the prefix.</summary>
    DefaultOnly,

    /// <summary>The expected route is there, but a more specific one from elsewhere takes (part of) its traffic.</summary>
    Diverted,

    /// <summary>No route covers it.</summary>
    Absent,

    /// <summary>The vantage point's last poll failed, or it was never polled: unknown, not absent.</summary>
    Unknown,
}

public static class HopStatuses
{
    /// <summary>The wire form, the topology trace's vocabulary (present, default, diverted, absent, unknown).</summary>
    public static string Code(this HopStatus status) => status switch
    {
        HopStatus.Present => "present",
        HopStatus.DefaultOnly => "default",
        HopStatus.Diverted => "diverted",
        HopStatus.Absent => "absent",
        _ => "unknown",
    };
}

public enum EvidenceKind
{
    /// <summary>A route a vantage point shows (or an NVA's announcements).</summary>
    Route,

    /// <summary>A configuration fact (branch-to-branch, Global Reach, a session's state).</summary>
    Setting,

    /// <summary>A count against a limit.</summary>
    Count,
}

/// <summary>One fact a reason rests on.</summary>
public sealed record ReasonEvidence(EvidenceKind Kind, string Text, string? VantageId = null, Route? Route = null, long? Count = null, long? Limit = null);

/// <summary>Why a prefix is not at a hop: a stable code, a sentence, the facts, and what to change.</summary>
public sealed record ExplainReason(ReasonCode Code, string Text, IReadOnlyList<ReasonEvidence> Evidence, string Suggestion)
{
    public string CodeText => Code.Code();
}

/// <summary>Where a prefix enters the estate, as the explanation found it.</summary>
/// <param name="Observed">False when nothing in the estate shows it at its source (the origin is the one asked about).</param>
public sealed record ExplainedOrigin(OriginKind Kind, string NodeId, string Name, IpPrefix Prefix, string? VantageId, bool Observed);

/// <summary>
/// One vantage point on the prefix's path: what it shows (<see cref="Status"/>, the best covering <see cref="Route"/>),
/// the Azure rule that carries the prefix to it (<see cref="Rule"/>, <see cref="Via"/>), whether the model expects it
/// there, and, where it is not, why (<see cref="Reason"/>).
/// </summary>
public sealed record ExplainedHop(
    string VantageId,
    string Name,
    VantageKind Kind,
    string NodeId,
    string? PeerNodeId,
    HopStatus Status,
    Route? Route,
    HopRule Rule,
    string Via,
    bool Expected,
    int Depth,
    ExplainReason? Reason)
{
    public bool IsBreak => Reason is not null;
}

/// <summary>One edge of the path between topology nodes, for drawing it on the graph.</summary>
public sealed record ExplainedStep(string FromNodeId, string ToNodeId, HopRule Rule, bool Carried);

/// <summary>
/// The answer to "where does this prefix go, and where and why does it stop": the ordered path from the origin,
/// every vantage point on it with its status, and a reason at each break. Maps 1:1 onto the API's
/// <c>{ prefix, at, origin, hops: [{ vantageId, name, kind, status, via, reason: { code, text, evidence, suggestion } }] }</c>.
/// </summary>
public sealed record Explanation(IpPrefix Prefix, DateTimeOffset At, ExplainedOrigin? Origin, IReadOnlyList<ExplainedHop> Hops, IReadOnlyList<ExplainedStep> Steps)
{
    /// <summary>The first hop, in path order, where the prefix is not as the model expects it.</summary>
    public ExplainedHop? FirstBreak => Hops.FirstOrDefault(h => h.IsBreak);

    public bool IsHealthy => FirstBreak is null;

    public ExplainedHop? Hop(string vantageId) => Hops.FirstOrDefault(h => h.VantageId == vantageId);

    /// <summary>One line for an alert or a notification: where it stops first, why, and what to change.</summary>
    public string Summary
    {
        get
        {
            var from = Origin is null ? string.Empty : $" (from {Origin.Name})";
            if (FirstBreak is not { Reason: { } reason } hop)
            {
                return $"{Prefix}{from} is where the estate should carry it: {Hops.Count(h => h.Status == HopStatus.Present)} vantage points on its path.";
            }

            return $"{Prefix}{from} stops at {hop.Name} ({hop.Status.Code()}): {reason.CodeText} — {reason.Text} {reason.Suggestion}";
        }
    }

    /// <summary>One line for one vantage point (the one an alert is about), or null if it is not on the path.</summary>
    public string? LineFor(string vantageId)
    {
        if (Hop(vantageId) is not { } hop)
        {
            return null;
        }

        return hop.Reason is { } reason
            ? $"{Prefix} at {hop.Name} ({hop.Status.Code()}): {reason.CodeText} — {reason.Text} {reason.Suggestion}"
            : $"{Prefix} at {hop.Name}: {hop.Status.Code()} ({hop.Via}).";
    }
}

/// <summary>Which origin an explanation is about, when the caller knows (an expectation, the prefix's last known source).</summary>
public sealed record OriginHint(OriginKind Kind, string? NodeId = null);
