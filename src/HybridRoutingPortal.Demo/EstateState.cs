using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// The estate's routing state at one moment: what each origin advertises, which sessions are up, which route tables let
/// gateway routes through and which VMs run.
/// </summary>
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

    /// <summary>Route tables (ARM ids) whose "Propagate gateway routes" is switched off.</summary>
    public IReadOnlySet<string> PropagationOff { get; init; } = new HashSet<string>();

    /// <summary>VMs (ARM ids) that are stopped: their NICs have no effective routes.</summary>
    public IReadOnlySet<string> StoppedVms { get; init; } = new HashSet<string>();
}
