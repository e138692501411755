using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace HybridRoutingPortal.Data;

/// <summary>
/// SQLite settings every connection needs. WAL lets the UI read while the poller writes, and with
/// synchronous=NORMAL a killed process loses at most the transaction it was in, never consistency.
/// Reads go through a memory map of the file (up to 1 GiB of it): a diff or a routes-at-T query looks up
/// tens of thousands of rows spread over the file, and through SQLite's small page cache each miss was a
/// read() call (85 ms instead of 29 ms for the 41,500 rows of the history bench's diff).
/// </summary>
public sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA mmap_size=1073741824;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            cmd.ExecuteNonQuery();
        }
    }
}

/// <summary>The engine behind the store: SQLite (embedded, the default) or PostgreSQL (several instances, one leader).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class RoutingDatabase
{
    public const string SqliteMigrationsAssembly = "HybridRoutingPortal.Migrations.Sqlite";

    public const string PostgresMigrationsAssembly = "HybridRoutingPortal.Migrations.Postgres";

    /// <summary>Configures the context for <paramref name="provider"/>, with its own migrations assembly.</summary>
    public static DbContextOptionsBuilder UseRouting(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) =>
        provider == DatabaseProvider.Postgres ? options.UseRoutingPostgres(connectionString) : options.UseRoutingSqlite(connectionString);

    public static DbContextOptionsBuilder<RoutingDbContext> UseRouting(this DbContextOptionsBuilder<RoutingDbContext> options, DatabaseProvider provider, string connectionString)
    {
        ((DbContextOptionsBuilder)options).UseRouting(provider, connectionString);
        return options;
    }

    public static DbContextOptionsBuilder<RoutingDbContext> UseRoutingPostgres(this DbContextOptionsBuilder<RoutingDbContext> options, string connectionString)
    {
        ((DbContextOptionsBuilder)options).UseRoutingPostgres(connectionString);
        return options;
    }

    public static DbContextOptionsBuilder UseRoutingPostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, pg => pg.MigrationsAssembly(PostgresMigrationsAssembly));

    public static DbContextOptionsBuilder<RoutingDbContext> UseRoutingSqlite(this DbContextOptionsBuilder<RoutingDbContext> options, string connectionString)
    {
        ((DbContextOptionsBuilder)options).UseRoutingSqlite(connectionString);
        return options;
    }

    public static DbContextOptionsBuilder UseRoutingSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(SqliteMigrationsAssembly))
            .AddInterceptors(new SqlitePragmaInterceptor());

    /// <summary>Creates the database file if needed and applies pending migrations.</summary>
    public static async Task MigrateAsync(IDbContextFactory<RoutingDbContext> factory, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>True when the database answers and no migration is pending (for /readyz).</summary>
    public static async Task<(bool Ready, string Detail)> CheckAsync(IDbContextFactory<RoutingDbContext> factory, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return (false, "The database cannot be opened.");
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToArray();
            return pending.Length == 0
                ? (true, "Database reachable, migrations applied.")
                : (false, $"{pending.Length} migration(s) pending: {string.Join(", ", pending)}.");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return (false, $"The database check failed: {ex.Message}");
        }
    }
}
