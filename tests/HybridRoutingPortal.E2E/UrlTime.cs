using System.Globalization;

namespace HybridRoutingPortal.E2E;

/// <summary>A moment as the pages' links carry it (from=, to=, at=): UTC to the second, escaped for a query.</summary>
public static class UrlTime
{
    public static string Of(DateTimeOffset at) =>
        Uri.EscapeDataString(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
}
