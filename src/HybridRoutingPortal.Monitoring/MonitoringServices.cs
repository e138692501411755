using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Audit;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Monitoring.History;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Monitoring.Graph;
using HybridRoutingPortal.Monitoring.Signals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace HybridRoutingPortal.Monitoring;

public static class MonitoringServices
{
    /// <summary>
    /// The application layer's services, with the poller, the pruner and the notification sender (each idle when
    /// Routing:EnablePoller is false). The host binds the options and supplies the <see cref="IRoutingSourceProvider"/>.
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundHealth>();
        services.TryAddSingleton<RouteStore>();
        services.TryAddSingleton<RoutingQueries>();
        services.TryAddSingleton<AlertStore>();
        // One instance leads unless the host says otherwise (PostgreSQL: a lease among several instances).
        services.TryAddSingleton<Leadership, SoleLeadership>();
        services.AddSingleton<StoreEvents>();
        services.AddSingleton<PollerStatus>();
        services.TryAddSingleton(sp => new PollTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<CollectionCycle>();
        services.AddSingleton<ExplainService>();
        services.AddSingleton<AlertExplainer>();
        services.AddSingleton<MissingPrefixReasons>();
        services.AddSingleton<TopologyService>();
        services.AddSingleton<ComparisonService>();
        services.AddSingleton<ExpectationCatalog>();
        services.AddSingleton<ExpectationService>();
        services.AddSingleton<NotificationComposer>();
        services.AddSingleton<NotificationService>();
        AddAudit(services);
        // No request logging on this client: Slack and Teams webhook URLs carry their secret in the path.
        services.AddHttpClient(NotificationSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddSingleton<AlertEngine>();
        AddRules(services);
        // The fast lane: metrics between table polls, and the targeted reads they set off.
        services.TryAddSingleton<SignalStore>();
        services.TryAddSingleton(sp => new Core.Signals.LaneMeter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SignalLane>();
        services.AddSingleton<TargetedReads>();
        services.AddSingleton<TwoSpeedRunner>();
        services.AddHostedService<SignalPoller>();
        services.AddHostedService<Poller>();
        services.AddHostedService<HistoryPruner>();
        services.AddHostedService<NotificationSender>();

        return services;
    }

    /// <summary>The audit trail, and the changes people make that are written to it.</summary>
    private static void AddAudit(IServiceCollection services)
    {
        services.TryAddSingleton<AuditStore>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AlertChanges>();
        services.AddSingleton<ExpectationChanges>();
        services.AddSingleton<NotificationChanges>();
    }

    /// <summary>Every alert rule, in the order their alerts are evaluated. A new rule is one type and one line here.</summary>
    private static void AddRules(IServiceCollection services)
    {
        services.AddSingleton<IAlertRule, MissingPrefixRule>();
        services.AddSingleton<IAlertRule, PathAsymmetryRule>();
        services.AddSingleton<IAlertRule, RouteLimitRule>();
        services.AddSingleton<IAlertRule, DefaultRouteChangeRule>();
        services.AddSingleton<IAlertRule, AvsOverlapRule>();
        services.AddSingleton<IAlertRule, MoreSpecificRule>();
        services.AddSingleton<IAlertRule, BranchToBranchRule>();
        services.AddSingleton<IAlertRule, BgpSessionRule>();
        services.AddSingleton<IAlertRule, UdrOverrideRule>();
        services.AddSingleton<IAlertRule, BgpPropagationDisabledRule>();
        services.AddSingleton<IAlertRule, NoRemoteGatewayRule>();
        services.AddSingleton<IAlertRule, PeeringDisconnectedRule>();
        services.AddSingleton<IAlertRule, NextHopBlackholeRule>();
        services.AddSingleton<IAlertRule, InvalidRouteRule>();
        services.AddSingleton<IAlertRule, SourceUnavailableRule>();
        services.AddSingleton<IAlertRule, SessionSignalRule>();
    }
}
