using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Options;

/// <summary>How OTLP is spoken: gRPC (the .NET SDK's default, port 4317) or HTTP with protobuf bodies (port 4318).</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

/// <summary>
/// The OpenTelemetry:* settings (docs/operations.md, "Telemetry"). Without an endpoint here or in the standard
/// OTEL_EXPORTER_OTLP_ENDPOINT, nothing is collected or exported.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>The standard variable every OpenTelemetry SDK reads (with its OTEL_EXPORTER_OTLP_* siblings).</summary>
    public const string StandardEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The collector's base URL (http://collector:4317 for gRPC, http://collector:4318 for HTTP); the signal paths are added.</summary>
    public string? OtlpEndpoint { get; set; }

    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>service.name of every span, metric and log record.</summary>
    public string ServiceName { get; set; } = "hybrid-routing-portal";
}

/// <summary>An endpoint that is an absolute http(s) URL, a protocol that exists, a service name.</summary>
public sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            errors.Add("OpenTelemetry:OtlpEndpoint must be the collector's absolute http(s) URL, e.g. http://otel-collector:4317.");
        }

        if (!Enum.IsDefined(options.OtlpProtocol))
        {
            errors.Add("OpenTelemetry:OtlpProtocol is 'Grpc' or 'HttpProtobuf'.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceName))
        {
            errors.Add("OpenTelemetry:ServiceName must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
