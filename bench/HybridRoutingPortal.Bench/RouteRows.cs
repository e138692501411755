using Microsoft.Data.Sqlite;

namespace HybridRoutingPortal.Bench;

/// <summary>Binds a route's columns to a prepared INSERT, for every bench that writes route rows directly.</summary>
internal static class RouteRows
{
    /// <summary>The route columns' parameters ($f … $w) followed by the extra ones, in that order.</summary>
    public static SqliteParameter[] Parameters(SqliteCommand cmd, params string[] extra) =>
        new[] { "$f", "$n", "$l", "$nh", "$sp", "$la", "$as", "$o", "$w" }.Concat(extra).Select(n => cmd.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();

    public static void Bind(SqliteParameter[] p, Route r)
    {
        p[0].Value = r.Prefix.IsIPv4 ? 4 : 6;
        p[1].Value = r.Prefix.StartBytes;
        p[2].Value = r.Prefix.Length;
        p[3].Value = r.NextHop;
        p[4].Value = r.SourcePeer ?? "";
        p[5].Value = r.LocalAddress ?? "";
        p[6].Value = r.AsPath.Text;
        p[7].Value = r.Origin;
        p[8].Value = (object?)r.Weight ?? DBNull.Value;
    }
}
