using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Web;

public enum Freshness
{
    /// <summary>Last poll succeeded and is recent.</summary>
    Fresh,

    /// <summary>Last success is older than the stale threshold: what we show may be out of date.</summary>
    Stale,

    /// <summary>The latest poll failed: the source is unknown, its last known routes are kept.</summary>
    Failing,

    /// <summary>Never read successfully.</summary>
    Unknown,
}

public static class VantageHealth
{
    public static Freshness Of(VantageState v, DateTimeOffset now, TimeSpan staleAfter) =>
        v.LastSuccessAt is not { } success ? Freshness.Unknown
        : v.LastStatus == ObservationStatus.Failed ? Freshness.Failing
        : now - success > staleAfter ? Freshness.Stale
        : Freshness.Fresh;

    /// <summary>Words a user can act on for each failure reason.</summary>
    public static string Advice(FailureReason? reason) => reason switch
    {
        FailureReason.Throttled => "ARM is throttling this subscription; the next poll retries. Lengthen Routing:PollInterval or lower Routing:MaxConcurrency if it persists.",
        FailureReason.Timeout => "The source did not answer in time; route-table operations can take tens of seconds. Raise Routing:CollectorTimeout if this repeats.",
        FailureReason.Unauthorized => "The credential was rejected: sign in again (az login) or check the managed identity.",
        FailureReason.Forbidden => "The identity lacks a permission on this resource: assign the role in docs/ (route tables need action permissions Reader lacks).",
        FailureReason.NotFound => "The resource is gone or was renamed; it will drop out at the next discovery.",
        FailureReason.MalformedResponse => "The source answered with data the collector could not read; the last known routes are kept.",
        FailureReason.ServerError => "Azure answered with a server error; the next poll retries.",
        FailureReason.Network => "The ARM endpoint could not be reached; check network and proxy settings.",
        FailureReason.OperationFailed => "The long-running operation ended Failed in Azure; the next poll retries.",
        _ => "The next poll retries.",
    };

    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } t)
        {
            return "never";
        }

        var d = now - t;
        return d.TotalSeconds < 0 ? "just now"
            : d.TotalSeconds < 60 ? $"{(int)d.TotalSeconds} s ago"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes} min ago"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours} h {d.Minutes} min ago"
            : $"{(int)d.TotalDays} days ago";
    }
}
