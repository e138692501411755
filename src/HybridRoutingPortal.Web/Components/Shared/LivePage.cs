using Microsoft.AspNetCore.Components;

namespace HybridRoutingPortal.Web.Components.Shared;

/// <summary>
/// A page that reloads when the poller stores new data. Reloads are coalesced (at most one running
/// and one queued), so a busy backfill cannot flood the circuit.
/// </summary>
public abstract class LivePage : ComponentBase, IDisposable
{
    private int _reloadState; // 0 idle, 1 running, 2 running + queued

    [Inject] protected StoreEvents Events { get; set; } = default!;

    [Inject] protected TimeProvider Time { get; set; } = default!;

    protected DateTimeOffset Now => Time.GetUtcNow();

    protected override void OnInitialized() => Events.Stored += OnStored;

    protected abstract Task ReloadAsync(CancellationToken cancellationToken);

    private readonly CancellationTokenSource _disposed = new();

    protected CancellationToken Disposed => _disposed.Token;

    private void OnStored()
    {
        if (Interlocked.Increment(ref _reloadState) > 1)
        {
            Interlocked.Exchange(ref _reloadState, 2);
            return;
        }

        _ = InvokeAsync(async () =>
        {
            try
            {
                do
                {
                    Interlocked.Exchange(ref _reloadState, 1);
                    await ReloadAsync(_disposed.Token);
                    StateHasChanged();
                }
                while (Interlocked.CompareExchange(ref _reloadState, 0, 1) != 1 && !_disposed.IsCancellationRequested);
            }
            catch (OperationCanceledException)
            {
            }
            catch (ObjectDisposedException)
            {
            }
        });
    }

    /// <summary>Unsubscribe page-specific events here.</summary>
    protected virtual void OnDispose()
    {
    }

    public void Dispose()
    {
        OnDispose();
        Events.Stored -= OnStored;
        _disposed.Cancel();
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
