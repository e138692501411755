namespace HybridRoutingPortal.Core;

/// <summary>
/// The state of a BGP session (or of the connection or peering a link stands for) as the estate reports it. ARM uses several vocabularies (Route Server
/// connectionState Connected/Connecting/NotConnected; gateway peer status Idle/Connecting/Connected/Stopped;
/// the circuit route-table summary a BGP FSM state or a prefix count); they map onto this one.
/// </summary>
public enum BgpState
{
    Unknown,
    Connected,
    Connecting,
    Idle,
    Active,
    NotConnected,
    Stopped,

    /// <summary>Switched off by configuration (Route Server's branch-to-branch exchange with the gateway).</summary>
    Disabled,
}

public static class BgpStates
{
    /// <summary>
    /// Reads a state from any ARM vocabulary. A number is a prefix count from the circuit summary: the
    /// session is established. Anything else unrecognised is Unknown (kept as Unknown, not as down).
    /// </summary>
    public static BgpState Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return BgpState.Unknown;
        }

        var t = text.Trim();
        if (long.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return BgpState.Connected;
        }

        return t.ToLowerInvariant() switch
        {
            "connected" or "established" => BgpState.Connected,
            "connecting" or "connect" or "opensent" or "openconfirm" or "initiated" => BgpState.Connecting,
            "idle" or "idle (admin)" => BgpState.Idle,
            "active" => BgpState.Active,
            "notconnected" or "disconnected" => BgpState.NotConnected,
            "stopped" => BgpState.Stopped,
            "disabled" => BgpState.Disabled,
            _ => BgpState.Unknown,
        };
    }

    /// <summary>A session that should carry routes and does not: a fault, unlike Unknown or Disabled.</summary>
    public static bool IsDown(this BgpState state) => state is BgpState.Connecting or BgpState.Idle or BgpState.Active or BgpState.NotConnected or BgpState.Stopped;
}
