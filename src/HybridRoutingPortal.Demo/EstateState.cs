using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Demo;

/// <summary>The estate's routing state at one moment: what each origin advertises and which sessions are up.</summary>
public sealed record EstateState(
    IReadOnlyList<IpPrefix> OnPremAdvertised,
    bool SecondarySessionUp,
    IReadOnlyList<AvsSegment> AvsSegments,
    IReadOnlyList<IpPrefix> NvaAdvertisedIn0,
    IReadOnlyList<IpPrefix> NvaAdvertisedIn1,
    bool BranchToBranch,
    IReadOnlyDictionary<string, ObservationFailure> FailingCollectors)
{
    public IReadOnlyList<IpPrefix> NvaAdvertised(int instance) => instance == 0 ? NvaAdvertisedIn0 : NvaAdvertisedIn1;
}
