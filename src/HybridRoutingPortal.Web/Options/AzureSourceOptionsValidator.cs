using HybridRoutingPortal.Azure;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Web.Hosting;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Options;

/// <summary>Azure:* settings, checked when the Azure source is configured.</summary>
public sealed class AzureSourceOptionsValidator(IOptions<RoutingOptions> routing) : IValidateOptions<AzureSourceOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureSourceOptions azure)
    {
        if (routing.Value.Source != SourceKind.Azure)
        {
            return ValidateOptionsResult.Skip;
        }

        if (!Uri.TryCreate(azure.ArmEndpoint, UriKind.Absolute, out var endpoint))
        {
            return ValidateOptionsResult.Fail($"Azure:ArmEndpoint '{azure.ArmEndpoint}' is not an absolute URL.");
        }

        var none = azure.Credential.Equals("None", StringComparison.OrdinalIgnoreCase);
        if (!none && !azure.Credential.Equals("Default", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Fail($"Azure:Credential '{azure.Credential}' is not known; use 'Default' or 'None'.");
        }

        if (none && !LocalBinding.IsLoopback(endpoint.ToString()))
        {
            return ValidateOptionsResult.Fail($"Azure:Credential=None is accepted only for a loopback Azure:ArmEndpoint (an emulator), not {endpoint}.");
        }

        if (!string.IsNullOrWhiteSpace(azure.MetricsBatchEndpoint))
        {
            if (!Uri.TryCreate(azure.MetricsBatchEndpoint, UriKind.Absolute, out var batch) || batch.Scheme is not ("https" or "http"))
            {
                return ValidateOptionsResult.Fail($"Azure:MetricsBatchEndpoint '{azure.MetricsBatchEndpoint}' is not an absolute http(s) URL.");
            }

            // A token is sent there: only over TLS, or to a loopback emulator without one.
            if (!LocalBinding.IsLoopback(batch.ToString()) && (batch.Scheme != "https" || none))
            {
                return ValidateOptionsResult.Fail($"Azure:MetricsBatchEndpoint {batch} must be https (and take a credential) unless it is a loopback emulator.");
            }

            if (!azure.MetricsBatchScope.EndsWith("/.default", StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Fail($"Azure:MetricsBatchScope '{azure.MetricsBatchScope}' must be a scope ending in /.default.");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
