using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Monitoring.Polling;
using HybridRoutingPortal.Web.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HybridRoutingPortal.Web.Hosting;

/// <summary>
/// OpenTelemetry over OTLP, in the manner of eShop's ServiceDefaults, beside the Prometheus endpoint: traces of poll
/// cycles, collectors and ARM requests (and of incoming requests), the polling, HTTP and runtime meters, and the log.
/// Only when an endpoint is configured (OpenTelemetry:OtlpEndpoint or OTEL_EXPORTER_OTLP_ENDPOINT); otherwise nothing
/// listens, and local mode runs as it always did.
/// </summary>
public static class PortalTelemetry
{
    /// <summary>Incoming paths never traced: probes and scrapes (noise), and the sign-in callbacks (their query holds the authorization code).</summary>
    private static readonly string[] UntracedPaths = ["/healthz", "/readyz", "/metrics", "/signin-oidc", "/signout-callback-oidc", "/_blazor", "/_framework", "/_content"];

    public static WebApplicationBuilder AddPortalTelemetry(this WebApplicationBuilder builder)
    {
        // Decided as the host is built, from the raw values: a bad one is reported by validation (one line, exit code 1).
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        var endpoint = section[nameof(TelemetryOptions.OtlpEndpoint)];
        var standard = builder.Configuration[TelemetryOptions.StandardEndpoint];
        if (string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(standard))
        {
            return builder;
        }

        var serviceName = section[nameof(TelemetryOptions.ServiceName)] is { Length: > 0 } name ? name : new TelemetryOptions().ServiceName;
        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(PortalTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(PollTelemetry.Name, ArmTelemetry.Name)
                // Outgoing HTTP is traced as ARM requests only (ArmTelemetry): a generic HTTP client span records the
                // full URL, and a Slack or Teams webhook's URL is its secret.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsUntraced(context.Request.Path)))
            .WithMetrics(metrics => metrics
                .AddMeter(PollTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                // .NET's own meters: the HTTP client's (method, host and status; no path) and the runtime's.
                .AddMeter("System.Net.Http", "System.Runtime"));

        if (Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            var protocol = Enum.TryParse<OtlpProtocol>(section[nameof(TelemetryOptions.OtlpProtocol)], ignoreCase: true, out var p) ? p : OtlpProtocol.Grpc;
            telemetry.UseOtlpExporter(protocol == OtlpProtocol.HttpProtobuf ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, uri);
        }
        else if (string.IsNullOrWhiteSpace(endpoint))
        {
            // The standard variables (OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS…), read by the exporter itself.
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsUntraced(PathString path) =>
        UntracedPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
}
