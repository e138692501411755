using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Core.Explain;
using HybridRoutingPortal.Core.Propagation;

namespace HybridRoutingPortal.Monitoring.Explain;

/// <summary>What an expectation says about where its prefix comes from, so an explanation follows that origin's path.</summary>
public static class OriginHints
{
    /// <summary>A derived expectation knows its origin; a person's says nothing (null: the explainer infers it).</summary>
    public static OriginHint? For(ExpectationSource source) => source switch
    {
        ExpectationSource.AvsSegment or ExpectationSource.AvsManagementBlock => new OriginHint(OriginKind.Avs),
        ExpectationSource.OnPremPrefix => new OriginHint(OriginKind.OnPrem),
        ExpectationSource.DefaultRoute => new OriginHint(OriginKind.Nva),
        _ => null,
    };
}
