namespace HybridRoutingPortal.Web.Components.Shared;

/// <summary>
/// A page's own cancellation, owned and disposed by the page: work started for it (a diff, a timeline)
/// stops when the user leaves instead of running on for nobody.
/// </summary>
public sealed class PageCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    public PageCancellation() => Token = _source.Token;

    public CancellationToken Token { get; }

    public void Dispose()
    {
        _source.Cancel();
        _source.Dispose();
    }
}
