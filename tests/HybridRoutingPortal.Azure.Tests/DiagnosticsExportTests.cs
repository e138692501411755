using ArmEmulator;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Web;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Hosting;
using HybridRoutingPortal.Web.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>The Azure source's budgets and discovery outcome reach /metrics through the Web's source provider.</summary>
public class DiagnosticsExportTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Budgets_and_discovery_parts_are_exported_as_prometheus_gauges()
    {
        await using var azure = await EmulatedAzure.StartAsync(settings: s => s.ResourceGraph = ResourceGraphMode.Fail);
        var sources = new SourceProvider(_db.Store, Options.Create(new RoutingOptions { Source = SourceKind.Azure }), Options.Create(new DemoOptions()),
            Options.Create(new BackfillOptions()), Options.Create(azure.Options), NullLoggerFactory.Instance, TimeProvider.System);
        var services = new ServiceCollection().AddSingleton<IRoutingSourceProvider>(sources).BuildServiceProvider();
        SourceDiagnosticsMetrics.Publish(services);
        await (await sources.GetAsync(CancellationToken.None)).PlanAsync(CancellationToken.None);

        using var text = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(text);
        var metrics = System.Text.Encoding.UTF8.GetString(text.ToArray());

        Assert.Contains($"hybridrouting_source_requests_remaining{{subscription=\"{HybridRoutingPortal.Demo.ContosoEstate.SubscriptionId.ToLowerInvariant()}\",kind=\"Reads\"}}", metrics, StringComparison.Ordinal);
        Assert.Contains("hybridrouting_source_requests_remaining{subscription=\"\",kind=\"ResourceGraphQueries\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("hybridrouting_source_discovery_parts{status=\"fellback\"} 1", metrics, StringComparison.Ordinal);
        Assert.Contains("hybridrouting_source_throttled_responses", metrics, StringComparison.Ordinal);
    }
}
