using HybridRoutingPortal.Core;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace HybridRoutingPortal.Data;

/// <summary>
/// Reads the two sides of a diff window on SQLite: the intervals alive at its start that ended inside it, and
/// those that began inside it and were alive at its end, one vantage point (one index range) at a time. Each
/// side walks one time index over the window only, the other end checked in the same index entry; the unary
/// + stops SQLite from seeking on the other index instead, which would walk everything alive before or after
/// the window. Both sides are read inside the caller's <paramref name="snapshot"/> transaction, so they see one state of
/// the store.
/// </summary>
/// <remarks>
/// A day of a 100,000-route table is about 40,000 rows of eleven columns. Read through Microsoft.Data.Sqlite,
/// every column is a managed call and every text a new string; here the rows are read straight from the
/// statement (<see cref="SqliteColumns"/>) and their UTF-8 interned, so a text seen before costs no allocation.
/// Where that path is not available (another SQLite library behind SQLitePCL) the columns are read the usual way.
/// </remarks>
internal sealed class SqliteDiffWindow(SqliteConnection connection, SqliteTransaction snapshot, long from, long to)
{
    private const string Columns = "ri.Network, " + WindowDiff.RouteColumns;

    private static readonly (bool After, string Condition)[] Sides =
    [
        (false, "ri.ToTicks > $t1 AND ri.ToTicks <= $t2 AND +ri.FromTicks <= $t1"),
        (true, "ri.FromTicks > $t1 AND ri.FromTicks <= $t2 AND +ri.ToTicks > $t2"),
    ];

    /// <summary>Forces the column-by-column reader (tests compare the two paths).</summary>
    internal bool UseDirectColumns { get; init; } = SqliteColumns.Available;

    public Task<WindowDiff> ReadAsync(IReadOnlyList<int> vantageKeys, CancellationToken ct) =>
        UseDirectColumns ? Task.FromResult(ReadDirect(vantageKeys, ct)) : ReadColumnsAsync(vantageKeys, ct);

    private static string Sql(string condition) => $"SELECT {Columns} FROM RouteIntervals ri WHERE ri.VantageKey = $k AND {condition}";

    private WindowDiff ReadDirect(IReadOnlyList<int> vantageKeys, CancellationToken ct)
    {
        var diff = new WindowDiff();
        try
        {
            foreach (var (after, condition) in Sides)
            {
                using var statement = SqliteColumns.Prepare(connection, Sql(condition));
                var rows = 0;
                foreach (var key in vantageKeys)
                {
                    ct.ThrowIfCancellationRequested();
                    statement.Bind("$k", key);
                    statement.Bind("$t1", from);
                    statement.Bind("$t2", to);
                    while (statement.Step())
                    {
                        if ((++rows & 4095) == 0)
                        {
                            ct.ThrowIfCancellationRequested();
                        }

                        diff.AddUtf8(after, key, statement.Blob(0), statement.Int32(1), statement.Text(2), statement.Text(3), statement.Text(4),
                            statement.Text(5), statement.Text(6), statement.NullableInt64(7), statement.NullableInt64(8), statement.Text(9),
                            statement.NullableInt64(10) is { } state ? (RouteState)state : null);
                    }

                    statement.Reset();
                }
            }

            return diff;
        }
        catch
        {
            diff.Dispose();
            throw;
        }
    }

    /// <summary>The window's diff read through Microsoft.Data.Sqlite, column by column.</summary>
    private async Task<WindowDiff> ReadColumnsAsync(IReadOnlyList<int> vantageKeys, CancellationToken ct)
    {
        var diff = new WindowDiff();
        try
        {
            foreach (var (after, condition) in Sides)
            {
                await using var cmd = connection.CreateCommand();
                cmd.Transaction = snapshot;
                cmd.CommandText = Sql(condition);
                var k = cmd.Parameters.Add("$k", SqliteType.Integer);
                cmd.Parameters.AddWithValue("$t1", from);
                cmd.Parameters.AddWithValue("$t2", to);
                foreach (var key in vantageKeys)
                {
                    k.Value = key;
                    await using var r = await cmd.ExecuteReaderAsync(ct);
                    while (await r.ReadAsync(ct))
                    {
                        diff.AddColumns(after, key, r.GetFieldValue<byte[]>(0), r, 1);
                    }
                }
            }

            return diff;
        }
        catch
        {
            diff.Dispose();
            throw;
        }
    }
}
