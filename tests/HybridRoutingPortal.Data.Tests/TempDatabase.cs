using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>A real SQLite file of its own for each test, migrated like the app does, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncLifetime
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hrp-test-{Guid.NewGuid():N}.db");

    public IDbContextFactory<RoutingDbContext> Factory { get; private set; } = default!;

    public RouteStore Store { get; private set; } = default!;

    public RoutingQueries Queries { get; private set; } = default!;

    public string ConnectionString => $"Data Source={Path}";

    public async Task InitializeAsync()
    {
        var options = new DbContextOptionsBuilder<RoutingDbContext>().UseRoutingSqlite(ConnectionString).Options;
        Factory = new PooledDbContextFactory<RoutingDbContext>(options);
        await RoutingDatabase.MigrateAsync(Factory, CancellationToken.None);
        Store = new RouteStore(Factory);
        Queries = new RoutingQueries(Factory);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }

        return Task.CompletedTask;
    }
}
