using System.Globalization;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Web.Components.Shared;

/// <summary>
/// Everything a comparison shows, as it travels in the URL: two moments, the vantage points (none =
/// all), the change kinds, a CIDR the prefixes must lie in, and an AS that must appear in a path.
/// A link pasted into a ticket rebuilds exactly this.
/// </summary>
public sealed record CompareState(
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<string> Vantages,
    IReadOnlyList<ChangeKind> Kinds,
    IpPrefix? Within,
    long? As,
    CompareSort Sort = CompareSort.Prefix)
{
    /// <summary>Orders one vantage point's changes as the user asked.</summary>
    public IEnumerable<RouteChange> Ordered(IEnumerable<RouteChange> changes) => Sort switch
    {
        CompareSort.Kind => changes.OrderBy(c => c.Kind).ThenBy(c => c.Prefix),
        CompareSort.AsPath => changes.OrderBy(c => (c.After ?? c.Before)!.AsPath.Text, StringComparer.Ordinal).ThenBy(c => c.Prefix),
        _ => changes.OrderBy(c => c.Prefix).ThenBy(c => c.Kind),
    };

    public static readonly ChangeKind[] AllKinds = [ChangeKind.Added, ChangeKind.Removed, ChangeKind.Changed];

    public bool Matches(RouteChange change)
    {
        if (Kinds.Count > 0 && !Kinds.Contains(change.Kind))
        {
            return false;
        }

        if (Within is { } w && !w.Contains(change.Prefix))
        {
            return false;
        }

        return As is not { } asn || (change.Before?.AsPath.Contains(asn) ?? false) || (change.After?.AsPath.Contains(asn) ?? false);
    }

    /// <summary>The query string parameters (null = absent) for NavigationManager.GetUriWithQueryParameters.</summary>
    public IReadOnlyDictionary<string, object?> ToQuery() => new Dictionary<string, object?>
    {
        ["from"] = UiFormat.Iso(From),
        ["to"] = UiFormat.Iso(To),
        ["vantage"] = Vantages.Count == 0 ? null : Vantages.ToArray(),
        ["kind"] = Kinds.Count == 0 || Kinds.Count == AllKinds.Length ? null : Kinds.Select(k => k.ToString().ToLowerInvariant()).ToArray(),
        ["within"] = Within?.ToString(),
        ["as"] = As?.ToString(CultureInfo.InvariantCulture),
        ["sort"] = Sort == CompareSort.Prefix ? null : Sort.ToString().ToLowerInvariant(),
    };

    /// <summary>Reads the URL's parameters; anything unreadable becomes an error message, never an exception.</summary>
    public static (CompareState State, IReadOnlyList<string> Errors) Parse(
        string? from, string? to, string[]? vantages, string[]? kinds, string? within, string? asn, DateTimeOffset now, string? sort = null)
    {
        var errors = new List<string>();
        var end = now;
        var start = now.AddHours(-1);
        if (!string.IsNullOrWhiteSpace(to) && !Moment.TryParse(to, now, out end, out var e1, "to"))
        {
            errors.Add(e1);
            end = now;
        }

        if (!string.IsNullOrWhiteSpace(from) && !Moment.TryParse(from, now, out start, out var e2, "from"))
        {
            errors.Add(e2);
            start = end.AddHours(-1);
        }

        if (end < start)
        {
            errors.Add("'to' is before 'from'; they were swapped.");
            (start, end) = (end, start);
        }

        var kindList = new List<ChangeKind>();
        foreach (var k in kinds ?? [])
        {
            if (Enum.TryParse<ChangeKind>(k, ignoreCase: true, out var kind))
            {
                kindList.Add(kind);
            }
            else
            {
                errors.Add($"'{k}' is not a change kind (added, removed, changed).");
            }
        }

        IpPrefix? prefix = null;
        if (!string.IsNullOrWhiteSpace(within))
        {
            if (IpPrefix.TryParse(within, out var p, out var e3))
            {
                prefix = p;
            }
            else
            {
                errors.Add(e3);
            }
        }

        long? asNumber = null;
        if (!string.IsNullOrWhiteSpace(asn))
        {
            if (long.TryParse(asn.Trim().TrimStart('A', 'S', 'a', 's'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= uint.MaxValue)
            {
                asNumber = n;
            }
            else
            {
                errors.Add($"'{asn}' is not an AS number.");
            }
        }

        var order = CompareSort.Prefix;
        if (!string.IsNullOrWhiteSpace(sort) && !Enum.TryParse(sort, ignoreCase: true, out order))
        {
            errors.Add($"'{sort}' is not a sort order (prefix, kind, aspath).");
        }

        var ids = (vantages ?? []).Where(v => VantageId.IsWellFormed(v, out _)).Select(v => v.ToLowerInvariant()).Distinct().ToArray();
        return (new CompareState(start, end, ids, kindList.Distinct().ToArray(), prefix, asNumber, order), errors);
    }
}

public enum CompareSort
{
    Prefix,
    Kind,
    AsPath,
}
