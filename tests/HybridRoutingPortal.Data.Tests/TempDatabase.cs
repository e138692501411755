using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>
/// A database of its own for each test, migrated like the app does, deleted afterwards: a temp SQLite file (the
/// default), or a fresh database in the test PostgreSQL cluster.
/// </summary>
public sealed class TempDatabase(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    private readonly string _name = $"hrp_test_{Guid.NewGuid():N}";

    public DatabaseProvider Provider { get; } = provider;

    /// <summary>The SQLite file (SQLite only).</summary>
    public string Path => System.IO.Path.Combine(System.IO.Path.GetTempPath(), _name + ".db");

    public IDbContextFactory<RoutingDbContext> Factory { get; private set; } = default!;

    public RouteStore Store { get; private set; } = default!;

    public RoutingQueries Queries { get; private set; } = default!;

    public string ConnectionString => Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnectionStringBuilder(PostgresCluster.AdminConnectionString) { Database = _name }.ConnectionString
        : $"Data Source={Path}";

    public async Task InitializeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            await AdminAsync($"CREATE DATABASE {_name}");
        }

        var options = new DbContextOptionsBuilder<RoutingDbContext>().UseRouting(Provider, ConnectionString).Options;
        Factory = new PooledDbContextFactory<RoutingDbContext>(options);
        await RoutingDatabase.MigrateAsync(Factory, CancellationToken.None);
        Store = new RouteStore(Factory);
        Queries = new RoutingQueries(Factory);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var db = await Factory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        if (Provider == DatabaseProvider.Postgres)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresCluster.AdminConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
