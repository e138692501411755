using System.Text.Json.Serialization;
using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Web;
using HybridRoutingPortal.Web.Api;
using HybridRoutingPortal.Web.Components;
using HybridRoutingPortal.Web.Polling;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using Prometheus;

var builder = WebApplication.CreateBuilder(args);

// `dotnet run` serves from the build output, where package assets (MudBlazor's CSS/JS) are found through
// the static web assets manifest. ASP.NET only reads it in Development; read it always (no-op once published).
builder.WebHost.UseStaticWebAssets();
LocalBinding.Apply(builder);
StartupChecks.Validate(builder.Configuration);

builder.Services.AddOptions<RoutingOptions>().Bind(builder.Configuration.GetSection(RoutingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.Section));
builder.Services.AddOptions<HistoryOptions>().Bind(builder.Configuration.GetSection(HistoryOptions.Section));
builder.Services.AddOptions<AzureSourceOptions>().Bind(builder.Configuration.GetSection(AzureSourceOptions.Section));

var connectionString = builder.Configuration.GetConnectionString("Routing") ?? "Data Source=hybridrouting.db";
builder.Services.AddPooledDbContextFactory<RoutingDbContext>(o => o.UseRoutingSqlite(connectionString));
builder.Services.AddSingleton<RouteStore>();
builder.Services.AddSingleton<RoutingQueries>();
builder.Services.AddSingleton<HybridRoutingPortal.Web.Topology.TopologyService>();
builder.Services.AddSingleton<AlertStore>();
builder.Services.AddSingleton<HybridRoutingPortal.Web.Alerts.AlertEngine>();
builder.Services.AddOptions<HybridRoutingPortal.Web.Alerts.NotificationOptions>().Bind(builder.Configuration.GetSection(HybridRoutingPortal.Web.Alerts.NotificationOptions.Section));
builder.Services.AddSingleton<HybridRoutingPortal.Web.Alerts.NotificationComposer>();
builder.Services.AddHttpClient("notifications", c => c.Timeout = TimeSpan.FromSeconds(15));
builder.Services.AddOptions<HybridRoutingPortal.Web.Alerts.AlertOptions>().Bind(builder.Configuration.GetSection(HybridRoutingPortal.Web.Alerts.AlertOptions.Section));

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<PollerStatus>();
builder.Services.AddSingleton<StoreEvents>();
builder.Services.AddSingleton<SourceProvider>();
builder.Services.AddSingleton<CollectionCycle>();
if (builder.Configuration.GetValue("Routing:EnablePoller", true))
{
    builder.Services.AddHostedService<Poller>();
    builder.Services.AddHostedService<HistoryPruner>();
    builder.Services.AddHostedService<HybridRoutingPortal.Web.Alerts.NotificationSender>();
}

builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddOpenApi();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapOpenApi();
app.MapRoutingApi();
app.MapAlertsApi();
HybridRoutingPortal.Web.Alerts.AlertEngine.PublishMetrics();
HybridRoutingPortal.Web.SourceDiagnosticsMetrics.Publish(app.Services);
app.MapMetrics(); // Prometheus text format at /metrics

app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await RoutingDatabase.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<RoutingDbContext>>(), app.Lifetime.ApplicationStopping);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    var source = app.Configuration["Routing:Source"] ?? "Demo";
    app.Logger.LogInformation("HybridRoutingPortal ({Source} source) is running at {Urls}", source, string.Join(", ", addresses));
});

await app.RunAsync();

/// <summary>Entry point type, public so WebApplicationFactory and the E2E tests can host the app.</summary>
public partial class Program;
