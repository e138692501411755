using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Alerts;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Events;
using HybridRoutingPortal.Monitoring.Expectations;
using HybridRoutingPortal.Monitoring.History;
using HybridRoutingPortal.Monitoring.Explain;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Monitoring.Graph;
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
        // No request logging on this client: Slack and Teams webhook URLs carry their secret in the path.
        services.AddHttpClient(NotificationSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(15)).RemoveAllLoggers();
        services.AddSingleton<AlertEngine>();
        AddRules(services);
        services.AddHostedService<Poller>();
        services.AddHostedService<HistoryPruner>();
        services.AddHostedService<NotificationSender>();

        return services;
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
        services.AddSingleton<IAlertRule, SourceUnavailableRule>();
    }
}
