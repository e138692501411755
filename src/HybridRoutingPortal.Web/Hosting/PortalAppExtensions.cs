using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Web.Api;
using HybridRoutingPortal.Web.Auth;
using HybridRoutingPortal.Web.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Prometheus;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>The portal's HTTP pipeline and endpoints, and how it starts.</summary>
public static class PortalAppExtensions
{
    public static WebApplication MapPortal(this WebApplication app)
    {
        app.UseSecurityHeaders(PortalAuthentication.IdentityProviderOrigin(app.Configuration));
        app.UsePortalEdge(); // local mode: loopback Host only; Oidc: forwarded headers from known proxies, HTTPS and HSTS off loopback
        app.UseApiErrors();
        // Routing after the error handlers, so a re-executed error or not-found page is routed afresh.
        app.UseRouting();
        app.UsePortalAuthentication();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapRoutingApi();
        app.MapAlertsApi();
        app.MapExplainApi();
        app.MapAuditApi();
        app.MapAccountEndpoints();
        SourceDiagnosticsMetrics.Publish(app.Services);
        app.MapMetrics().WithMetricsAccess(app.Services); // Prometheus text format at /metrics
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>
    /// Checks every setting, migrates the database, then serves until stopped. A bad setting ends start-up with
    /// its message on the console and exit code 1, not a stack trace.
    /// </summary>
    public static async Task<int> RunPortalAsync(this WebApplication app)
    {
        try
        {
            ValidateSettings(app.Services);
            await RoutingDatabase.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<RoutingDbContext>>(), app.Lifetime.ApplicationStopping);
            app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app));
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (IsSettingError(ex))
        {
            app.Logger.LogCritical("HybridRoutingPortal cannot start: {Reason}", ex.Message);
            // The console logger writes from a queue: disposing the app flushes it, so the reason is printed before the exit.
            await app.DisposeAsync();
            return 1;
        }
    }

    /// <summary>Reads every validated options class once, so a bad value stops start-up before the database is touched.</summary>
    internal static void ValidateSettings(IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<RoutingOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Azure.AzureSourceOptions>>().Value;
        _ = services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Options.DatabaseOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Options.AuthOptions>>().Value;
        _ = services.GetRequiredService<IOptions<Options.TelemetryOptions>>().Value;
    }

    /// <summary>A setting that fails validation, or a value the configuration binder cannot convert ("Bogus" for an enum).</summary>
    internal static bool IsSettingError(Exception ex) =>
        ex is OptionsValidationException or LocalModeBindingException or InvalidOperationException { Source: "Microsoft.Extensions.Configuration.Binder" }
        || ex.InnerException is LocalModeBindingException;

    private static void LogAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var source = app.Services.GetRequiredService<IOptions<RoutingOptions>>().Value.Source;
        app.Logger.LogInformation("HybridRoutingPortal ({Source} source) is running at {Urls}", source, string.Join(", ", addresses));
    }
}
