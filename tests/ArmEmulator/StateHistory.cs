using HybridRoutingPortal.Demo;

namespace ArmEmulator;

/// <summary>
/// The states an estate has been in, recorded from its current state at every request, for metrics of the past. A
/// change is known from the first request after it, so metrics show it no earlier than Azure would (stricter, not looser).
/// </summary>
public sealed class StateHistory(Func<EstateState> current, Func<TimeProvider> clock)
{
    private readonly Lock _gate = new();
    private readonly List<(DateTimeOffset At, EstateState State)> _states = [];

    public void Observe()
    {
        var now = clock().GetUtcNow();
        var state = current();
        lock (_gate)
        {
            if (_states.Count == 0 || !Same(_states[^1].State, state))
            {
                _states.Add((now, state));
            }
        }
    }

    /// <summary>The state in force at a moment; before the first record, the first state (the estate as it was found).</summary>
    public EstateState At(DateTimeOffset at)
    {
        lock (_gate)
        {
            if (_states.Count == 0)
            {
                _states.Add((clock().GetUtcNow(), current()));
            }

            for (var i = _states.Count - 1; i >= 0; i--)
            {
                if (_states[i].At <= at)
                {
                    return _states[i].State;
                }
            }

            return _states[0].State;
        }
    }

    private static bool Same(EstateState a, EstateState b) =>
        ReferenceEquals(a, b) || (a.OnPremAdvertised.SequenceEqual(b.OnPremAdvertised) && a.SecondarySessionUp == b.SecondarySessionUp
            && a.AvsSegments.SequenceEqual(b.AvsSegments) && a.NvaAdvertisedIn0.SequenceEqual(b.NvaAdvertisedIn0)
            && a.NvaAdvertisedIn1.SequenceEqual(b.NvaAdvertisedIn1) && a.BranchToBranch == b.BranchToBranch);
}
