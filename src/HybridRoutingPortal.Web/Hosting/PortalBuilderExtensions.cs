using System.Text.Json.Serialization;
using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Auth;
using HybridRoutingPortal.Web.Options;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>The portal's services, in the manner of eShop's Extensions: one call from Program.cs.</summary>
public static class PortalBuilderExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        // `dotnet run` serves from the build output, where package assets (MudBlazor's CSS/JS) are found through
        // the static web assets manifest. ASP.NET only reads it in Development; read it always (no-op once published).
        builder.WebHost.UseStaticWebAssets();
        LocalBinding.Apply(builder);
        builder.AddPortalAuthentication();
        builder.AddPortalTelemetry();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddPortalOptions(builder.Configuration);
        AddDatabase(builder);

        services.AddMonitoring();
        services.AddSingleton<IRoutingSourceProvider, SourceProvider>();
        services.AddSingleton<IAlertMetrics, PrometheusAlertMetrics>();

        services.AddApiErrors();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddOpenApi();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        return builder;
    }

    /// <summary>One options class per section, each validated when the host starts (a bad setting stops it with a message).</summary>
    internal static IServiceCollection AddPortalOptions(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<RoutingOptions>().Bind(config.GetSection(RoutingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.AddOptions<AzureSourceOptions>().Bind(config.GetSection(AzureSourceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureSourceOptions>, AzureSourceOptionsValidator>();
        services.AddOptions<NotificationOptions>().Bind(config.GetSection(NotificationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidator>();
        services.AddOptions<DatabaseOptions>().Bind(config.GetSection(DatabaseOptions.Section)).ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(config.GetSection(AuthOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddOptions<TelemetryOptions>().Bind(config.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();
        services.AddOptions<DemoOptions>().Bind(config.GetSection(DemoOptions.Section));
        services.AddOptions<BackfillOptions>().Bind(config.GetSection(BackfillOptions.Section));
        services.AddOptions<HistoryOptions>().Bind(config.GetSection(HistoryOptions.Section));
        services.AddOptions<AlertOptions>().Bind(config.GetSection(AlertOptions.Section));
        return services;
    }

    private static void AddDatabase(WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var provider = database.Provider;
        var connectionString = builder.Configuration.GetConnectionString("Routing");
        if (connectionString is null && provider == DatabaseProvider.Postgres)
        {
            // No default server to guess: a missing connection string stops the start with a message, not a retry loop.
            throw new InvalidOperationException("Database:Provider is Postgres but ConnectionStrings:Routing is not set (see docs/operations.md).");
        }

        builder.Services.AddPooledDbContextFactory<RoutingDbContext>(o => o.UseRouting(provider, connectionString ?? DatabaseOptions.DefaultConnectionString));
        if (provider == DatabaseProvider.Postgres && connectionString is not null)
        {
            // Several instances may share the database: one leads the background work, all serve pages, and pages
            // everywhere hear about the leader's polls.
            var instance = database.InstanceName ?? $"{Environment.MachineName}-{Environment.ProcessId}";
            builder.Services.AddSingleton<Leadership>(sp => new PostgresLeadership(connectionString, database.LeaseTime, instance,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PostgresLeadership>>()));
            builder.Services.AddSingleton<IStoreChannel>(new PostgresStoreChannel(connectionString, instance));
            builder.Services.AddHostedService<StoreEventRelay>();
        }
    }
}
