using System.Globalization;
using Azure.Identity;
using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Azure.Discovery;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Demo;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>
/// Builds the configured <see cref="IRoutingSource"/> (the composition of the demo or Azure) once the database is ready. The demo's epoch is
/// stored on first start, so restarts continue the same story instead of starting it over.
/// </summary>
public sealed class SourceProvider(
    RouteStore store,
    IOptions<RoutingOptions> routing,
    IOptions<DemoOptions> demo,
    IOptions<BackfillOptions> backfill,
    IOptions<AzureSourceOptions> azure,
    ILoggerFactory loggers,
    TimeProvider time) : IRoutingSourceProvider
{
    public const string DemoEpochKey = "demo.epoch";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IRoutingSource? _source;

    public async Task<IRoutingSource> GetAsync(CancellationToken cancellationToken)
    {
        if (_source is not null)
        {
            return _source;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _source ??= routing.Value.Source switch
            {
                SourceKind.Demo => new DemoSource(new DemoScenario(await DemoEpochAsync(cancellationToken), demo.Value.Seed), time),
                _ => CreateAzureSource(),
            };
        }
        finally
        {
            _gate.Release();
        }
    }

    private AzureRoutingSource CreateAzureSource()
    {
        var options = azure.Value;
        // Credential=None is only accepted for a loopback emulator (checked at start-up).
        var credential = options.UsesCredential ? new DefaultAzureCredential() : null;
        var arm = new ArmClient(options, credential, time);
        var api = new ArmRestNetworkApi(arm);
        var discovery = new EstateDiscovery(api, options, loggers.CreateLogger<EstateDiscovery>());
        // The metrics batch endpoint gets its own client and token audience: the ARM token never goes there.
        var batch = string.IsNullOrWhiteSpace(options.MetricsBatchEndpoint) ? null
            : new HybridRoutingPortal.Azure.Metrics.MetricsBatchClient(new Uri(options.MetricsBatchEndpoint), credential, options.MetricsBatchScope, options);
        return new AzureRoutingSource(api, discovery, options, routing.Value.MaxConcurrency, time, loggers.CreateLogger<AzureRoutingSource>(),
            new HybridRoutingPortal.Azure.Metrics.ArmMetricsApi(arm, batch));
    }

    private async Task<DateTimeOffset> DemoEpochAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetSettingAsync(DemoEpochKey, cancellationToken);
        if (stored is not null && DateTimeOffset.TryParse(stored, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var epoch))
        {
            return epoch;
        }

        // The story starts one backfill window ago, on a whole backfill step, so the history is tidy.
        var step = backfill.Value.BackfillInterval.Ticks;
        var start = time.GetUtcNow() - backfill.Value.Backfill;
        epoch = new DateTimeOffset(start.UtcTicks - (start.UtcTicks % step), TimeSpan.Zero);
        await store.SetSettingAsync(DemoEpochKey, epoch.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return epoch;
    }
}
