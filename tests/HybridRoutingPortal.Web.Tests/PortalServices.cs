using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Hosting;
using HybridRoutingPortal.Web.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>The app's monitoring services wired as the host wires them, over a test database and a test clock: one place for every test that needs the poller or the alert engine.</summary>
public static class PortalServices
{
    public static ServiceProvider Build(
        TempDatabase db,
        TimeProvider clock,
        RoutingOptions? routing = null,
        BackfillOptions? backfill = null,
        AlertOptions? alerts = null,
        NotificationOptions? notifications = null,
        Microsoft.Extensions.Logging.ILoggerProvider? logging = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            if (logging is not null)
            {
                b.AddProvider(logging).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace);
            }
        });
        services.AddSingleton(db.Factory);
        services.AddSingleton(db.Store);
        services.AddSingleton(db.Queries);
        services.AddSingleton(clock);
        services.AddSingleton(Create(routing ?? new RoutingOptions { MaxConcurrency = 4 }));
        services.AddSingleton(Create(backfill ?? new BackfillOptions()));
        services.AddSingleton(Create(alerts ?? new AlertOptions()));
        services.AddSingleton(Create(notifications ?? new NotificationOptions()));
        services.AddSingleton(Create(new HistoryOptions()));
        services.AddSingleton(Create(new DemoOptions()));
        services.AddSingleton(Create(new AzureSourceOptions()));
        services.AddMonitoring();
        services.AddSingleton<IRoutingSourceProvider, SourceProvider>();
        return services.BuildServiceProvider();
    }

    public static T Hosted<T>(this IServiceProvider services)
        where T : IHostedService => services.GetServices<IHostedService>().OfType<T>().Single();
}
