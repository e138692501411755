using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Arm;

/// <summary>
/// Turns what went wrong talking to ARM into a <see cref="CollectionException"/> whose reason and
/// message a user can act on (which status, which ARM error code, what to do).
/// </summary>
internal static class ArmFailure
{
    public static CollectionException FromStatus(int status, string operation, ArmError? error, TimeSpan? retryAfter, ArmOperation? armOperation = null)
    {
        var action = armOperation is null ? "" : $" It needs the RBAC action {armOperation.Action} ({armOperation.OperationId}).";
        var detail = error is { Code: { } code } ? $" {code}: {error.Message}" : "";
        var failure = status switch
        {
            429 => new CollectionException(FailureReason.Throttled,
                $"ARM throttled {operation} (429{(retryAfter is { } r ? $", Retry-After {r.TotalSeconds:0} s" : "")}) after retries.{detail}"),
            401 => new CollectionException(FailureReason.Unauthorized, $"ARM rejected the credential for {operation} (401).{detail}"),
            403 => new CollectionException(FailureReason.Forbidden,
                $"The identity may not {operation} (403).{detail}{action} Assign the role in docs/hybrid-routing-reader.json."),
            404 => new CollectionException(FailureReason.NotFound, $"{operation}: not found (404).{detail}"),
            >= 500 => new CollectionException(FailureReason.ServerError, $"ARM answered {status} for {operation} after retries.{detail}"),
            _ => new CollectionException(FailureReason.Unknown, $"ARM answered {status} for {operation}.{detail}"),
        };
        return new CollectionException(failure.Reason, failure.Message) { HttpStatus = status };
    }

    public static CollectionException Malformed(string operation, string why, Exception? inner = null) =>
        new(FailureReason.MalformedResponse, $"ARM's answer to {operation} could not be read: {why}", inner);
}
