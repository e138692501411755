using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.Health;

/// <summary>How current a vantage point's data is: the one vocabulary the Overview, the API, the topology graph and its panel share.</summary>
public enum Freshness
{
    /// <summary>Last poll succeeded and is recent.</summary>
    Fresh,

    /// <summary>Last success is older than the stale threshold: what we show may be out of date.</summary>
    Stale,

    /// <summary>The latest poll failed: the source is unknown, its last known routes are kept.</summary>
    Failing,

    /// <summary>Never read successfully (or not polled yet at that moment): no data, not absence.</summary>
    Unknown,
}

/// <summary>What the graph colours a node or edge with: a vantage point's freshness, plus what only the graph shows.</summary>
public enum GraphHealth
{
    Ok,
    Stale,

    /// <summary>A source on it is failing: its routes are unknown (dashed).</summary>
    Unknown,

    /// <summary>A BGP session or connection that should be up is not.</summary>
    Down,

    /// <summary>Nothing is known here (no vantage point, or none polled yet).</summary>
    None,

    /// <summary>An alert is firing on one of its vantage points.</summary>
    Alert,
}

/// <summary>One way to say how healthy a vantage point is, at any moment (now or on the time slider).</summary>
public static class VantageHealth
{
    public static Freshness Of(VantageState v, DateTimeOffset now, TimeSpan staleAfter) =>
        Of(v.LastStatus, v.LastSuccessAt, now, staleAfter);

    public static Freshness Of(VantageMoment m, DateTimeOffset at, TimeSpan staleAfter) =>
        Of(m.LastStatus, m.LastSuccessAt, at, staleAfter);

    public static Freshness Of(ObservationStatus? lastStatus, DateTimeOffset? lastSuccessAt, DateTimeOffset at, TimeSpan staleAfter) =>
        lastStatus == ObservationStatus.Failed ? Freshness.Failing
        : lastSuccessAt is not { } success ? Freshness.Unknown
        : at - success > staleAfter ? Freshness.Stale
        : Freshness.Fresh;

    public static GraphHealth ToGraph(this Freshness freshness) => freshness switch
    {
        Freshness.Fresh => GraphHealth.Ok,
        Freshness.Stale => GraphHealth.Stale,
        Freshness.Failing => GraphHealth.Unknown,
        _ => GraphHealth.None,
    };

    /// <summary>A node's health from its vantage points': the worst of them, an alert above all.</summary>
    public static GraphHealth Combine(IReadOnlyCollection<Freshness> vantages, bool alertFiring) =>
        vantages.Count == 0 ? GraphHealth.None
        : alertFiring ? GraphHealth.Alert
        : vantages.Contains(Freshness.Failing) ? GraphHealth.Unknown
        : vantages.Contains(Freshness.Stale) ? GraphHealth.Stale
        : vantages.All(f => f == Freshness.Unknown) ? GraphHealth.None
        : GraphHealth.Ok;

    /// <summary>A link's health: BGP sessions from their state, other links are fine by being there.</summary>
    public static GraphHealth OfLink(TopologyLink link) =>
        link.Kind != LinkKind.BgpSession ? GraphHealth.Ok
        : link.State is null or BgpState.Unknown ? GraphHealth.None
        : link.State == BgpState.Connected ? GraphHealth.Ok
        : GraphHealth.Down;

    /// <summary>Words a user can act on for each failure reason.</summary>
    public static string Advice(FailureReason? reason) => reason switch
    {
        FailureReason.Throttled => "ARM is throttling this subscription; the next poll retries. Lengthen Routing:PollInterval or lower Routing:MaxConcurrency if it persists.",
        FailureReason.Timeout => "The source did not answer in time; route-table operations can take tens of seconds. Raise Routing:CollectorTimeout if this repeats.",
        FailureReason.Unauthorized => "The credential was rejected: sign in again (az login) or check the managed identity.",
        FailureReason.Forbidden => "The identity lacks a permission on this resource: assign the role in docs/hybrid-routing-reader.json (Route Server and gateway route reads are actions the built-in Reader lacks).",
        FailureReason.NotFound => "The resource is gone or was renamed; it will drop out at the next discovery.",
        FailureReason.MalformedResponse => "The source answered with data the collector could not read; the last known routes are kept.",
        FailureReason.ServerError => "Azure answered with a server error; the next poll retries.",
        FailureReason.Network => "The ARM endpoint could not be reached; check network and proxy settings.",
        FailureReason.OperationFailed => "The long-running operation ended Failed in Azure; the next poll retries.",
        FailureReason.NotRunning => "The VM behind this NIC is stopped or deallocated: Azure computes effective routes only while it runs. Its last known routes are kept; the next poll after it starts reads them again.",
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
