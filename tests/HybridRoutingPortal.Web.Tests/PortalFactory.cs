using HybridRoutingPortal.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// The real app in-process over its own temp SQLite file, with the poller off and the clock fixed,
/// seeded with the first 12 hours of the demo scenario.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"hrp-web-{Guid.NewGuid():N}.db");

    public FakeTimeProvider Clock { get; } = new(DemoHistory.Epoch + TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Routing", $"Data Source={_path}");
        builder.UseSetting("Routing:EnablePoller", "false");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    public async Task InitializeAsync()
    {
        _ = Server; // starts the app, which migrates the database
        await DemoHistory.SeedAsync(Services.GetRequiredService<RouteStore>(), TimeSpan.FromHours(12));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
