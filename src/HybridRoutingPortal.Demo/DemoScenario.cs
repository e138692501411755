using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Demo;

/// <summary>
/// The deterministic story the demo plays, as a pure function of time since its epoch. The epoch is
/// fixed once (first start minus the backfill window), so a restart replays the same history and
/// continues it. Daily events repeat every 24 hours; one-off events happen once.
/// </summary>
public sealed class DemoScenario(DateTimeOffset epoch, int seed = DemoScenario.DefaultSeed)
{
    public const int DefaultSeed = 20261125;

    public static readonly TimeSpan Day = TimeSpan.FromDays(1);

    // Daily events, as offsets into each day of the scenario.
    public static readonly TimeSpan SecondaryLossStart = TimeSpan.FromHours(2);
    public static readonly TimeSpan SecondaryLossEnd = TimeSpan.FromHours(2) + TimeSpan.FromMinutes(40);
    public static readonly TimeSpan FlapStart = TimeSpan.FromHours(6);
    public static readonly TimeSpan FlapEnd = TimeSpan.FromHours(7);
    public static readonly TimeSpan FlapSlot = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan DefaultWithdrawn = TimeSpan.FromHours(9) + TimeSpan.FromMinutes(5);
    public static readonly TimeSpan DefaultBackOnIn0 = TimeSpan.FromHours(9) + TimeSpan.FromMinutes(20);
    public static readonly TimeSpan DefaultBackOnIn1 = TimeSpan.FromHours(9) + TimeSpan.FromMinutes(35);
    public static readonly TimeSpan ThrottleStart = TimeSpan.FromHours(17);
    public static readonly TimeSpan ThrottleEnd = TimeSpan.FromHours(17) + TimeSpan.FromMinutes(15);

    /// <summary>Someone switches "Propagate gateway routes" off on spoke-data's route table, and back on half an hour later.</summary>
    public static readonly TimeSpan PropagationOffStart = TimeSpan.FromHours(11);
    public static readonly TimeSpan PropagationOffEnd = TimeSpan.FromHours(11) + TimeSpan.FromMinutes(30);

    /// <summary>The spoke-app probe VM is stopped for its nightly patching.</summary>
    public static readonly TimeSpan ProbeStoppedStart = TimeSpan.FromHours(20);
    public static readonly TimeSpan ProbeStoppedEnd = TimeSpan.FromHours(20) + TimeSpan.FromMinutes(40);

    // One-off events, as offsets from the epoch.
    public static readonly TimeSpan BranchWithdrawn = TimeSpan.FromHours(14);
    public static readonly TimeSpan NewSegmentAdded = TimeSpan.FromHours(23);
    public static readonly TimeSpan VdiSummaryAdded = TimeSpan.FromHours(26);

    /// <summary>The collector the throttling event hits.</summary>
    public const string ThrottledCollector = "circuit-secondary";

    public DateTimeOffset Epoch { get; } = epoch;

    public int Seed { get; } = seed;

    public EstateState At(DateTimeOffset time)
    {
        var sinceEpoch = time - Epoch;
        var inDay = TimeSpan.FromTicks(((sinceEpoch.Ticks % Day.Ticks) + Day.Ticks) % Day.Ticks);
        var started = sinceEpoch >= TimeSpan.Zero;

        var onPrem = ContosoEstate.OnPremPrefixes.Select(p => p.Prefix)
            .Where(p => p != ContosoEstate.BranchPrefix || sinceEpoch < BranchWithdrawn)
            .Where(p => p != ContosoEstate.LabPrefix || !started || !LabWithdrawn(sinceEpoch, inDay))
            .ToArray();

        var segments = ContosoEstate.AvsSegments.ToList();
        if (sinceEpoch >= NewSegmentAdded)
        {
            segments.Add(ContosoEstate.NewSegment);
        }

        var nva = new List<IpPrefix> { ContosoEstate.DefaultRoute };
        nva.AddRange(ContosoEstate.NvaSummaries);
        if (sinceEpoch >= VdiSummaryAdded)
        {
            nva.Add(ContosoEstate.NvaVdiSummary);
        }

        var withoutDefault = nva.Where(p => p != ContosoEstate.DefaultRoute).ToArray();
        var in0 = started && inDay >= DefaultWithdrawn && inDay < DefaultBackOnIn0 ? withoutDefault : nva.ToArray();
        var in1 = started && inDay >= DefaultWithdrawn && inDay < DefaultBackOnIn1 ? withoutDefault : nva.ToArray();

        var failing = new Dictionary<string, ObservationFailure>();
        if (started && inDay >= ThrottleStart && inDay < ThrottleEnd)
        {
            failing[ThrottledCollector] = new ObservationFailure(
                FailureReason.Throttled,
                "ARM answered 429 Too Many Requests (Retry-After 12 s) for the secondary route table of er-contoso-ams; the subscription's write-action bucket is empty.");
        }

        return new EstateState(
            onPrem,
            SecondarySessionUp: !(started && inDay >= SecondaryLossStart && inDay < SecondaryLossEnd),
            segments,
            in0,
            in1,
            BranchToBranch: true,
            failing)
        {
            PropagationOff = started && inDay >= PropagationOffStart && inDay < PropagationOffEnd
                ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ContosoEstate.SpokeDataRouteTableId }
                : new HashSet<string>(),
            StoppedVms = started && inDay >= ProbeStoppedStart && inDay < ProbeStoppedEnd
                ? new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ContosoEstate.ProbeAppVmId }
                : new HashSet<string>(),
        };
    }

    /// <summary>The lab prefix flaps during the daily flap window: withdrawn in some 10-minute slots,
    /// chosen by the seed, so the pattern is irregular but the same on every run.</summary>
    private bool LabWithdrawn(TimeSpan sinceEpoch, TimeSpan inDay)
    {
        if (inDay < FlapStart || inDay >= FlapEnd)
        {
            return false;
        }

        var slot = (long)(sinceEpoch.Ticks / FlapSlot.Ticks);
        var first = (long)((sinceEpoch - inDay + FlapStart).Ticks / FlapSlot.Ticks);
        // Always withdraw in the first slot, so every day has at least one flap.
        return slot == first || Mix(slot) % 2 == 0;
    }

    private ulong Mix(long slot)
    {
        // SplitMix64: a stable, well-spread hash of (seed, slot).
        var z = unchecked((ulong)slot + ((ulong)(uint)Seed << 32) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
