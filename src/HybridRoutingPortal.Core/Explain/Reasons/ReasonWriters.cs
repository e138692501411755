namespace HybridRoutingPortal.Core.Explain.Reasons;

/// <summary>Writes one reason: its sentence, its evidence and the change to suggest. One type per reason code.</summary>
internal interface IReasonWriter
{
    ReasonCode Code { get; }

    ExplainReason Write(ReasonContext context);
}

/// <summary>
/// The registry of reason writers: one type per reason code. A code without a writer of its own is written honestly as
/// what it is, with the model's evidence.
/// </summary>
internal static class ReasonWriters
{
    private static readonly IReadOnlyDictionary<ReasonCode, IReasonWriter> Writers = new IReasonWriter[]
    {
        new NotOriginatedWriter(),
        new NoCircuitTransitWriter(),
        new BranchToBranchOffWriter(),
        new NvaNotReadvertisingWriter(),
        new AsPathLoopWriter(),
        new PeerRouteLimitWriter(),
        new ErPrefixLimitWriter(),
        new ErAdvertiseLimitWriter(),
        new MoreSpecificElsewhereWriter(),
        new DefaultRouteOnlyWriter(),
        new SourceUnknownWriter(),
        new BgpSessionDownWriter(),
        new PeeringDisconnectedWriter(),
        new UdrOverrideWriter(),
        new BgpPropagationDisabledWriter(),
        new NoRemoteGatewayWriter(),
        new NextHopBlackholeWriter(),
        new InvalidRouteWriter(),
        new FilteredOrUnexplainedWriter(),
    }.ToDictionary(w => w.Code);

    public static IReadOnlyCollection<ReasonCode> Written => [.. Writers.Keys];

    public static ExplainReason Write(ReasonCode code, ReasonContext context)
    {
        var reason = Writers.TryGetValue(code, out var writer) ? writer.Write(context) : Writers[ReasonCode.FilteredOrUnexplained].Write(context) with { Code = code };

        // A stop further up the path keeps the prefix from this hop too: say where.
        if (context.Cause is { } cause && cause.Code == code && cause.At != context.Station)
        {
            reason = reason with { Text = $"Stopped upstream, at {context.Name(cause.At)}: {reason.Text}" };
        }

        return reason;
    }
}
