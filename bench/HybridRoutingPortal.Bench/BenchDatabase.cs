using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// A throw-away database, migrated like the app's, with helpers to measure it: a temp SQLite file (the default), or a
/// fresh database in the bench's PostgreSQL cluster (<see cref="BenchCluster"/>), dropped afterwards.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private BenchDatabase(DatabaseProvider provider, string path, string connectionString, IDbContextFactory<RoutingDbContext> factory)
    {
        Provider = provider;
        Path = path;
        ConnectionString = connectionString;
        Factory = factory;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The SQLite file; on PostgreSQL, the database's name.</summary>
    public string Path { get; }

    public IDbContextFactory<RoutingDbContext> Factory { get; }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string name, bool migrate = true, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        string path, connectionString;
        if (provider == DatabaseProvider.Postgres)
        {
            path = $"hrp_bench_{name.Replace('-', '_')}_{Guid.NewGuid():N}";
            await BenchCluster.Current.AdminAsync($"CREATE DATABASE {path}");
            connectionString = new NpgsqlConnectionStringBuilder(BenchCluster.Current.AdminConnectionString) { Database = path }.ConnectionString;
        }
        else
        {
            path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hrp-bench-{name}-{Guid.NewGuid():N}.db");
            connectionString = $"Data Source={path}";
        }

        var factory = new PooledDbContextFactory<RoutingDbContext>(
            new DbContextOptionsBuilder<RoutingDbContext>().UseRouting(provider, connectionString).Options);
        if (migrate)
        {
            await RoutingDatabase.MigrateAsync(factory, CancellationToken.None);
        }

        return new BenchDatabase(provider, path, connectionString, factory);
    }

    public async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync();
        return connection;
    }

    public async Task<NpgsqlConnection> OpenPostgresAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// The stored bytes: on SQLite the file after folding the WAL back in, so both stores are measured the same
    /// way; on PostgreSQL the tables with their indexes and TOAST (the catalogs every database has are left out).
    /// </summary>
    public async Task<long> BytesAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await using var pg = await OpenPostgresAsync();
            await using var size = new NpgsqlCommand(
                "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " +
                "WHERE n.nspname = 'public' AND c.relkind = 'r'", pg);
            return (long)(await size.ExecuteScalarAsync())!;
        }

        await using (var connection = await OpenAsync())
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await cmd.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        return new FileInfo(Path).Length + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);
    }

    /// <summary>A scalar of <paramref name="sql"/> (written in the store's shared SQL, which either engine reads).</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The engine and its version, for the results files.</summary>
    public async Task<string> EngineAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            return await BenchCluster.Current.VersionAsync();
        }

        await using var connection = await OpenAsync();
        return $"SQLite {connection.ServerVersion}";
    }

    public async ValueTask DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await BenchCluster.Current.AdminAsync($"DROP DATABASE IF EXISTS {Path} WITH (FORCE)");
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }
}
