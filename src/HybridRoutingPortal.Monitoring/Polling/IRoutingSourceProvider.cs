using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Monitoring.Polling;

/// <summary>
/// Gives the poller the configured source once the database is ready. The host composes it (the demo or
/// Azure), so this layer depends on neither.
/// </summary>
public interface IRoutingSourceProvider
{
    Task<IRoutingSource> GetAsync(CancellationToken cancellationToken);
}
