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

        return none && !LocalBinding.IsLoopback(endpoint.ToString())
            ? ValidateOptionsResult.Fail($"Azure:Credential=None is accepted only for a loopback Azure:ArmEndpoint (an emulator), not {endpoint}.")
            : ValidateOptionsResult.Success;
    }
}
