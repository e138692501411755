using HybridRoutingPortal.Azure;

namespace HybridRoutingPortal.Web;

/// <summary>Configuration mistakes that must stop start-up with a clear message rather than fail later.</summary>
public static class StartupChecks
{
    public static void Validate(IConfiguration configuration)
    {
        var provider = configuration["Database:Provider"] ?? "Sqlite";
        if (!provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Database:Provider '{provider}' is not supported; use 'Sqlite'.");
        }

        var source = configuration["Routing:Source"] ?? "Demo";
        if (!Enum.TryParse<SourceKind>(source, ignoreCase: true, out var kind))
        {
            throw new InvalidOperationException($"Routing:Source '{source}' is not known; use 'Demo' or 'Azure'.");
        }

        if (configuration.GetValue<TimeSpan?>("Routing:PollInterval") is { } interval && interval < TimeSpan.FromSeconds(5))
        {
            throw new InvalidOperationException($"Routing:PollInterval {interval} is too short; use at least 00:00:05.");
        }

        if (kind == SourceKind.Azure)
        {
            var azure = configuration.GetSection(AzureSourceOptions.Section).Get<AzureSourceOptions>() ?? new AzureSourceOptions();
            if (!Uri.TryCreate(azure.ArmEndpoint, UriKind.Absolute, out var endpoint))
            {
                throw new InvalidOperationException($"Azure:ArmEndpoint '{azure.ArmEndpoint}' is not an absolute URL.");
            }

            if (azure.Credential.Equals("None", StringComparison.OrdinalIgnoreCase) && !LocalBinding.IsLoopback(endpoint.ToString()))
            {
                throw new InvalidOperationException(
                    $"Azure:Credential=None is accepted only for a loopback Azure:ArmEndpoint (an emulator), not {endpoint}.");
            }

            if (!azure.Credential.Equals("None", StringComparison.OrdinalIgnoreCase) && !azure.Credential.Equals("Default", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"Azure:Credential '{azure.Credential}' is not known; use 'Default' or 'None'.");
            }
        }
    }
}
