using Bunit;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Graph;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Components.Pages;
using HybridRoutingPortal.Web.Components.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// Live pages subscribe to store events through a subscription they own: opening and closing them any number of times
/// leaves no subscriber behind (a leaked one would keep the component, and its circuit, alive).
/// </summary>
public sealed class LiveSubscriptionTests(PortalFactory factory) : IClassFixture<PortalFactory>, IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private readonly StoreEvents _events = new();

    public Task InitializeAsync()
    {
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        foreach (var type in new[] { typeof(RoutingQueries), typeof(AlertStore), typeof(TopologyService), typeof(NotificationService), typeof(PollerStatus), typeof(TimeProvider), typeof(HybridRoutingPortal.Monitoring.History.ComparisonService), typeof(HybridRoutingPortal.Monitoring.Hosting.BackgroundHealth), typeof(SignalStore), typeof(HybridRoutingPortal.Core.Signals.LaneMeter) })
        {
            _ctx.Services.AddSingleton(type, factory.Services.GetRequiredService(type));
        }

        _ctx.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new RoutingOptions()));
        _ctx.Services.AddSingleton(_events);
        _ctx.AddLocalUser(factory.Services.GetRequiredService<AlertStore>(), factory.Services.GetRequiredService<AuditStore>(),
            factory.Services.GetRequiredService<TimeProvider>(), factory.Services.GetRequiredService<NotificationService>());
        _ctx.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Server", isInteractive: true));
        _ctx.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _ctx.DisposeAsync();

    [Fact]
    public async Task Opening_and_closing_live_pages_many_times_leaves_no_subscriber()
    {
        var before = _events.SubscriberCount;
        for (var i = 0; i < 20; i++)
        {
            _ctx.Render<Overview>();
            _ctx.Render<Alerts>();
            _ctx.Render<AlertBadge>();
            _ctx.Render<Routes>();
            _ctx.Render<Snapshots>();
            _ctx.Render<Topology>();
            Assert.Equal(before + 8, _events.SubscriberCount); // six pages and the Overview's source-diagnostics and read-lanes panels
            _events.RaiseStored(); // a store while they are open reloads them, and must not subscribe again
            await _ctx.DisposeComponentsAsync();
            _ctx.Render<MudPopoverProvider>();
            Assert.Equal(before, _events.SubscriberCount);
        }
    }
}
