using System.Globalization;
using System.Text;

namespace HybridRoutingPortal.Web.Api;

/// <summary>RFC 4180 CSV of route tables and diffs, for change records and spreadsheets.</summary>
public static class CsvExport
{
    public static readonly string[] RouteColumns =
        ["vantageId", "prefix", "nextHop", "asPath", "origin", "weight", "localPreference", "sourcePeer", "localAddress", "since"];

    public static readonly string[] DiffColumns =
        ["vantageId", "vantageName", "change", "prefix", "nextHopBefore", "nextHopAfter", "asPathBefore", "asPathAfter", "originBefore", "originAfter",
         "weightBefore", "weightAfter", "sourcePeer", "localAddress", "changedAttributes"];

    public static string Routes(IEnumerable<RouteDto> routes) =>
        Write(RouteColumns, routes.Select(r => new[]
        {
            r.VantageId, r.Prefix, r.NextHop, r.AsPath, r.Origin, Num(r.Weight), Num(r.LocalPreference), r.SourcePeer, r.LocalAddress,
            r.Since is { } s ? UiFormat.Iso(s) : null,
        }));

    public static string Diff(DiffResponse diff) =>
        Write(DiffColumns, diff.VantagePoints.SelectMany(v => v.Changes.Select(c => new[]
        {
            v.VantageId, v.Name, c.Kind.ToString(), c.Prefix, c.Before?.NextHop, c.After?.NextHop, c.Before?.AsPath, c.After?.AsPath,
            c.Before?.Origin, c.After?.Origin, Num(c.Before?.Weight), Num(c.After?.Weight), (c.After ?? c.Before)?.SourcePeer, (c.After ?? c.Before)?.LocalAddress,
            string.Join("; ", c.Attributes.Select(a => $"{a.Attribute}: {a.Before} -> {a.After}")),
        })));

    private static string Write(string[] header, IEnumerable<string?[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', header).Append("\r\n");
        foreach (var row in rows)
        {
            sb.AppendJoin(',', row.Select(Escape)).Append("\r\n");
        }

        return sb.ToString();
    }

    private static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        // Quote what CSV needs quoted; prefix formula starters so a spreadsheet never evaluates a cell.
        var safe = value[0] is '=' or '+' or '-' or '@' && !char.IsDigit(value.Length > 1 ? value[1] : 'x') ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }

    private static string? Num(long? n) => n?.ToString(CultureInfo.InvariantCulture);
}
