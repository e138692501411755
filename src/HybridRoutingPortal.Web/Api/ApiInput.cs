using System.Globalization;
using HybridRoutingPortal.Core;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Web.Api;

/// <summary>Parses query input into domain values, with messages that say what was expected.</summary>
public static class ApiInput
{
    public static bool TryTime(string? text, DateTimeOffset now, out DateTimeOffset value, out string? error, string name)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = now;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value)
            && text.Length >= 10)
        {
            return true;
        }

        error = $"'{name}' must be an ISO-8601 time such as 2026-11-25T10:42:00Z, or 'now'.";
        return false;
    }

    public static bool TryPrefix(string? text, out IpPrefix? prefix, out string? error, string name)
    {
        prefix = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (IpPrefix.TryParse(text, out var p, out var parseError))
        {
            prefix = p;
            return true;
        }

        error = $"'{name}': {parseError}";
        return false;
    }

    public static bool TryVantage(string? text, out string? vantageId, out string? error)
    {
        vantageId = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (!VantageId.IsWellFormed(text, out error))
        {
            return false;
        }

        vantageId = text.Trim().ToLowerInvariant();
        return true;
    }

    public static PrefixFilter? Filter(IpPrefix? within, IpPrefix? covering) =>
        within is { } w ? new PrefixFilter(w, PrefixMatch.Inside)
        : covering is { } c ? new PrefixFilter(c, PrefixMatch.Covering)
        : null;
}
