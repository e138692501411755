namespace HybridRoutingPortal.Monitoring.Hosting;

public enum BackgroundState
{
    Starting,
    Running,

    /// <summary>It failed and waits to start again; the rest of the app goes on.</summary>
    Retrying,

    /// <summary>Another instance leads (PostgreSQL, several instances): this one serves pages and waits.</summary>
    Standby,

    /// <summary>Switched off by configuration (Routing:EnablePoller=false).</summary>
    Disabled,
    Stopped,
}

/// <summary>One background service's state, for /readyz and the Overview.</summary>
public sealed record BackgroundStatus(string Name, BackgroundState State, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset? RetryAt, int Failures);

/// <summary>Where background services report how they are; thread-safe.</summary>
public sealed class BackgroundHealth
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, BackgroundStatus> _services = new(StringComparer.Ordinal);

    public event Action? Changed;

    public IReadOnlyList<BackgroundStatus> Current
    {
        get
        {
            lock (_gate)
            {
                return _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>True while no service is waiting to retry after a failure.</summary>
    public bool Healthy => Current.All(s => s.State != BackgroundState.Retrying);

    public void Report(string name, Func<BackgroundStatus, BackgroundStatus> change)
    {
        lock (_gate)
        {
            var current = _services.GetValueOrDefault(name) ?? new BackgroundStatus(name, BackgroundState.Starting, null, null, null, 0);
            _services[name] = change(current);
        }

        Changed?.Invoke();
    }
}
