namespace HybridRoutingPortal.Monitoring.Polling;

public enum PollerPhase
{
    Starting,
    Backfilling,
    Polling,
    Stopped,
}

/// <summary>What the poller is doing, for the Overview and the console. Thread-safe snapshot updates.</summary>
public sealed class PollerStatus
{
    private readonly Lock _gate = new();
    private Snapshot _current = new(PollerPhase.Starting, 0, 0, null, null, 0);

    public event Action? Changed;

    public Snapshot Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public void Update(Func<Snapshot, Snapshot> change)
    {
        lock (_gate)
        {
            _current = change(_current);
        }

        Changed?.Invoke();
    }

    public sealed record Snapshot(
        PollerPhase Phase,
        int BackfillDone,
        int BackfillTotal,
        DateTimeOffset? LastCycleAt,
        TimeSpan? LastCycleDuration,
        long CyclesCompleted)
    {
        public double BackfillPercent => BackfillTotal == 0 ? 0 : 100.0 * BackfillDone / BackfillTotal;
    }
}
