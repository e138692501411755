namespace HybridRoutingPortal.Monitoring.Events;

/// <summary>
/// Tells open pages that new polls (or alert changes) were stored, so they refresh. A page holds a
/// <see cref="StoreSubscription"/> and disposes it with itself; the subscriber count is observable so a
/// leak (a page subscribed twice, or never released) shows in a test.
/// </summary>
public sealed class StoreEvents
{
    private readonly Lock _gate = new();
    private readonly List<StoreSubscription> _subscribers = [];
    private long _version;
    private Action? _publish;

    /// <summary>
    /// Counts the stores announced so far: a cache of anything read from the store (an explainer for "now") keeps the
    /// version it was read at and is stale once this moves, without holding a subscription of its own.
    /// </summary>
    public long Version => Interlocked.Read(ref _version);

    public int SubscriberCount
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="onStored"/> after each store; reloads are coalesced (one running, one queued).</summary>
    public StoreSubscription Subscribe(Func<CancellationToken, Task> onStored)
    {
        var subscription = new StoreSubscription(this, onStored);
        lock (_gate)
        {
            _subscribers.Add(subscription);
        }

        return subscription;
    }

    /// <summary>A store happened in this process: open pages here refresh, and other instances are told (if any listen).</summary>
    public void RaiseStored()
    {
        RaiseStoredElsewhere();
        Volatile.Read(ref _publish)?.Invoke();
    }

    /// <summary>Another instance stored (PostgreSQL NOTIFY): pages here refresh; nothing is published back.</summary>
    public void RaiseStoredElsewhere()
    {
        Interlocked.Increment(ref _version);
        StoreSubscription[] current;
        lock (_gate)
        {
            current = [.. _subscribers];
        }

        foreach (var s in current)
        {
            s.Notify();
        }
    }

    /// <summary>Where stores made here are also announced (the relay to other instances); one publisher.</summary>
    public void PublishTo(Action? publish) => Volatile.Write(ref _publish, publish);

    internal void Remove(StoreSubscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }
}

/// <summary>
/// One listener's subscription to <see cref="StoreEvents"/>, owned and disposed by the component that
/// listens (as eShop's order-status notifications are). Notifications coalesce: while a reload runs, any
/// number of new stores queue at most one more reload, so a busy backfill cannot flood a circuit.
/// </summary>
public sealed class StoreSubscription : IDisposable
{
    private readonly StoreEvents _events;
    private readonly Func<CancellationToken, Task> _onStored;
    private readonly CancellationTokenSource _disposed = new();
    private int _state; // 0 idle, 1 running, 2 running + queued

    internal StoreSubscription(StoreEvents events, Func<CancellationToken, Task> onStored)
    {
        _events = events;
        _onStored = onStored;
        Token = _disposed.Token;
    }

    /// <summary>Cancelled when the subscription is disposed: the owner passes it to every query it makes, so
    /// nothing keeps computing after the page is gone.</summary>
    public CancellationToken Token { get; }

    internal void Notify()
    {
        if (_disposed.IsCancellationRequested || Interlocked.Increment(ref _state) > 1)
        {
            Interlocked.Exchange(ref _state, 2);
            return;
        }

        _ = RunAsync();
    }

    private async Task RunAsync()
    {
        try
        {
            do
            {
                Interlocked.Exchange(ref _state, 1);
                await _onStored(Token);
            }
            while (Interlocked.CompareExchange(ref _state, 0, 1) != 1 && !_disposed.IsCancellationRequested);
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            if (_disposed.IsCancellationRequested)
            {
                Interlocked.Exchange(ref _state, 0);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _events.Remove(this);
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
