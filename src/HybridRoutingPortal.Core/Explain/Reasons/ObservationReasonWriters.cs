using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Core.Explain.Reasons;

/// <summary>more-specific-elsewhere: a more specific route from another AS takes the prefix's traffic at this hop.</summary>
internal sealed class MoreSpecificElsewhereWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.MoreSpecificElsewhere;

    public ExplainReason Write(ReasonContext c)
    {
        var best = c.Best!;
        var asn = best.AsPath.Origin is { } a ? $"AS {a}" : "another origin";
        return new ExplainReason(Code,
            $"{c.Here} holds {best.Prefix} (AS path {(best.AsPath.IsEmpty ? "empty" : best.AsPath.Text)}), more specific than {c.ExpectedCover} that carries {c.Prefix} from {c.OriginName}: traffic for it goes to {asn} instead.",
            [new ReasonEvidence(EvidenceKind.Route, $"{c.Here}: {ReasonContext.Describe(best)}", c.Vantage.Id, best)],
            $"Find who announces {best.Prefix} (a leak or an overlap with {c.OriginName}) and withdraw or filter it.");
    }
}

/// <summary>default-route-only: only 0.0.0.0/0 (or ::/0) covers the prefix here.</summary>
internal sealed class DefaultRouteOnlyWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.DefaultRouteOnly;

    public ExplainReason Write(ReasonContext c)
    {
        var evidence = new List<ReasonEvidence>();
        if (c.Best is { } route)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{c.Here}: {ReasonContext.Describe(route)}", c.Vantage.Id, route));
        }

        var upstream = c.Cause is { } cause ? $" The specific route stops at {c.Name(cause.At)} ({cause.Code.Code()})." : string.Empty;
        return new ExplainReason(Code,
            $"Only the default route covers {c.Prefix} at {c.Here}: a default proves nothing about the prefix, and AVS's vCenter and NSX Manager do not honour a default route from on-prem for RFC 1918 destinations.{upstream}",
            evidence, $"Advertise {c.Prefix}, or a summary covering it, specifically toward {c.Here}.");
    }
}

/// <summary>source-unknown: a failed or missing poll on the path; unknown, not absent.</summary>
internal sealed class SourceUnknownWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.SourceUnknown;

    public ExplainReason Write(ReasonContext c)
    {
        var hop = c.UpstreamHop;
        var vantageId = hop?.VantageId ?? c.Vantage.Id;
        var name = hop?.Name ?? c.Here;
        var failure = c.Explainer.Observed.FailureAt(vantageId);
        var why = failure is null ? "it has not been polled" : $"its last poll failed ({failure.Reason}: {failure.Message})";
        var text = hop is null
            ? $"{name} cannot be read now ({why}): whether {c.Prefix} is there is unknown, not absent."
            : $"Upstream, {name} cannot be read ({why}): whether {c.Prefix} reached it is unknown, so its absence here is not explained.";
        return new ExplainReason(Code, text,
            [new ReasonEvidence(EvidenceKind.Setting, $"{name}: {(failure is null ? "never polled" : failure.ToString())}", vantageId)],
            failure?.Reason switch
            {
                FailureReason.Throttled => "Wait for the next poll: ARM throttled the read (the next cycle retries it).",
                FailureReason.Forbidden or FailureReason.Unauthorized => "Give the portal's identity the read permission it lacks (see the Hybrid Routing Reader role).",
                _ => "Wait for the next poll, or fix the read that fails (the Overview shows the error).",
            });
    }
}

/// <summary>filtered-or-unexplained: the model says it should be here, nothing the portal sees explains why not.</summary>
internal sealed class FilteredOrUnexplainedWriter : IReasonWriter
{
    public ReasonCode Code => ReasonCode.FilteredOrUnexplained;

    public ExplainReason Write(ReasonContext c)
    {
        var evidence = new List<ReasonEvidence>();
        var upstream = c.UpstreamHop;
        if (upstream?.Route is { } route)
        {
            evidence.Add(new ReasonEvidence(EvidenceKind.Route, $"{upstream.Name}: {ReasonContext.Describe(route)}", upstream.VantageId, route));
        }

        var count = c.Explainer.Observed.IndexAt(c.Vantage.Id).Count;
        evidence.Add(new ReasonEvidence(EvidenceKind.Count, $"{c.Here} holds {count} prefixes", c.Vantage.Id, Count: count));
        var from = upstream is null ? string.Empty : $" {upstream.Name} has it, and";
        return new ExplainReason(Code,
            $"The model expects {c.Prefix} at {c.Here}:{from} no Azure rule the portal knows stops it here, yet it is not there. Something outside what the portal sees filters it (a route map, a prefix list, a BGP policy on a peer), or the model lacks a fact about this estate.",
            evidence,
            $"Check route maps, prefix filters and BGP policies between {(upstream?.Name ?? "its origin")} and {c.Here}; if none, report the estate so the model can learn the rule.");
    }
}
