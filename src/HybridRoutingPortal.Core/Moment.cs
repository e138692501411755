using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HybridRoutingPortal.Core;

/// <summary>
/// A moment as people and URLs write it: an ISO-8601 time (UTC unless an offset is given) or "now".
/// The API's query parameters and the pages' URLs read it the same way.
/// </summary>
public static class Moment
{
    /// <summary>The range a moment may take: wide for any routing history, narrow enough that arithmetic on it never overflows.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool TryParse(string? text, DateTimeOffset now, out DateTimeOffset value, [NotNullWhen(false)] out string? error, string name = "at")
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            value = now;
            return true;
        }

        // A date alone ("2026-11-25") is the start of that day; shorter text is not a moment ("1", "12:00").
        if (text.Trim().Length >= 10
            && DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            if (value >= Earliest && value <= Latest)
            {
                return true;
            }

            error = $"'{name}' must lie between {Earliest:yyyy-MM-dd} and {Latest:yyyy-MM-dd}.";
            return false;
        }

        value = default;
        error = $"'{name}' must be an ISO-8601 time such as 2026-11-25T10:42:00Z, or 'now'.";
        return false;
    }
}
