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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
