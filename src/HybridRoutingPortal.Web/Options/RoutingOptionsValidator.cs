using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Options;

/// <summary>Routing:* values that would make the poller misbehave stop start-up with a message naming the key.</summary>
public sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public static readonly TimeSpan ShortestPollInterval = TimeSpan.FromSeconds(5);

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Source))
        {
            errors.Add($"Routing:Source '{options.Source}' is not known; use 'Demo' or 'Azure'.");
        }

        if (options.PollInterval is { } interval && interval < ShortestPollInterval)
        {
            errors.Add($"Routing:PollInterval {interval} is too short; use at least {ShortestPollInterval}.");
        }

        if (options.MaxConcurrency is < 1 or > 64)
        {
            errors.Add($"Routing:MaxConcurrency {options.MaxConcurrency} must be between 1 and 64.");
        }

        if (options.CollectorTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Routing:CollectorTimeout {options.CollectorTimeout} must be positive.");
        }

        // Azure Monitor's finest grain is a minute; reading more often than every 10 s buys nothing.
        if (options.SignalInterval < TimeSpan.FromSeconds(10))
        {
            errors.Add($"Routing:SignalInterval {options.SignalInterval} is too short; use at least 00:00:10 (metrics have a one-minute grain).");
        }

        var signals = options.Signals;
        if (signals.MetricsLatency < TimeSpan.Zero)
        {
            errors.Add($"Routing:Signals:MetricsLatency {signals.MetricsLatency} must not be negative.");
        }

        if (signals.CountTolerance < 0)
        {
            errors.Add($"Routing:Signals:CountTolerance {signals.CountTolerance} must not be negative.");
        }

        if (signals.ConfirmAfter <= TimeSpan.Zero)
        {
            errors.Add($"Routing:Signals:ConfirmAfter {signals.ConfirmAfter} must be positive.");
        }

        if (signals.ConfirmReads is < 0 or > 10)
        {
            errors.Add($"Routing:Signals:ConfirmReads {signals.ConfirmReads} must be between 0 and 10.");
        }

        if (signals.MaxTriggersPerHour < 1)
        {
            errors.Add($"Routing:Signals:MaxTriggersPerHour {signals.MaxTriggersPerHour} must be at least 1.");
        }

        if (signals.SessionHoldDown < TimeSpan.Zero)
        {
            errors.Add($"Routing:Signals:SessionHoldDown {signals.SessionHoldDown} must not be negative.");
        }

        if (signals.MaxReadBudgetShare is <= 0 or > 1)
        {
            errors.Add($"Routing:Signals:MaxReadBudgetShare {signals.MaxReadBudgetShare} must be above 0 and at most 1.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
