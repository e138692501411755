using Azure.Core;
using Azure.Core.Pipeline;

namespace HybridRoutingPortal.Azure;

/// <summary>
/// How every Azure.Core pipeline of the collectors (ARM, the metrics batch API) retries and logs: the Azure:* retry
/// settings, and never request or response content in logs (bodies and headers may carry tokens).
/// </summary>
internal static class AzureClientDefaults
{
    public static T Configure<T>(T clientOptions, AzureSourceOptions options, HttpPipelineTransport? transport)
        where T : ClientOptions
    {
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.MaxRetryDelay;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        clientOptions.Diagnostics.IsTelemetryEnabled = false;
        if (transport is not null)
        {
            clientOptions.Transport = transport;
        }

        return clientOptions;
    }
}
