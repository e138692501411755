using System.Diagnostics;

namespace HybridRoutingPortal.Azure.Arm;

/// <summary>
/// A client span per ARM request (retries and pacing waits included; the HTTP client's own span per attempt sits under
/// it), named after the REST operation so a trace backend groups them. Only the method, operation, RBAC action and
/// status are recorded: never the URL's query, a header or a body (the request carries the ARM token).
/// </summary>
public static class ArmTelemetry
{
    public const string Name = "HybridRoutingPortal.Azure";

    private static readonly ActivitySource Source = new(Name);

    internal static Activity? Start(string method, Uri uri)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var operation = ArmOperations.Find(method, uri.AbsolutePath);
        var span = Source.StartActivity(operation is null ? "ARM request" : $"ARM {operation.OperationId}", ActivityKind.Client);
        span?.SetTag("http.request.method", method);
        span?.SetTag("server.address", uri.Host);
        span?.SetTag("azure.arm.operation_id", operation?.OperationId);
        span?.SetTag("azure.rbac.action", operation?.Action);
        return span;
    }

    internal static void Answered(Activity? span, int status)
    {
        span?.SetTag("http.response.status_code", status);
        if (status >= 400)
        {
            span?.SetStatus(ActivityStatusCode.Error);
        }
    }

    internal static void Failed(Activity? span, Exception error) =>
        span?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
}
