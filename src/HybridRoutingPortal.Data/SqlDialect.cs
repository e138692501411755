using System.Data.Common;
using HybridRoutingPortal.Core;
using Microsoft.EntityFrameworkCore;

namespace HybridRoutingPortal.Data;

/// <summary>A named value for hand-written SQL; bound as @Name by either provider.</summary>
internal readonly record struct QueryParameter(string Name, object Value);

/// <summary>
/// The few places where the store's hand-written SQL differs between SQLite and PostgreSQL. Everything else
/// (@parameters, COALESCE, row-value comparisons, RETURNING, LIMIT/OFFSET) is spelled the same in both.
/// </summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(false);

    public static readonly SqlDialect Postgres = new(true);

    private SqlDialect(bool isPostgres) => IsPostgres = isPostgres;

    public bool IsPostgres { get; }

    /// <summary>SQLite's LIKE ignores ASCII case; PostgreSQL's ILIKE gives the same answer.</summary>
    public string Like => IsPostgres ? "ILIKE" : "LIKE";

    public static SqlDialect Of(DbContext db) => db.Database.IsNpgsql() ? Postgres : Sqlite;

    /// <summary>The cidr text of a prefix, for PostgreSQL's containment operators.</summary>
    public static string Cidr(IpPrefix prefix) => prefix.ToString();

    public static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, IEnumerable<QueryParameter> parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }
}
