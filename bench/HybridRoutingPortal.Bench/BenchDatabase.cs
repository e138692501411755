using HybridRoutingPortal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace HybridRoutingPortal.Bench;

/// <summary>A throw-away SQLite file, migrated like the app's, with helpers to measure it.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private BenchDatabase(string path, IDbContextFactory<RoutingDbContext> factory)
    {
        Path = path;
        Factory = factory;
    }

    public string Path { get; }

    public IDbContextFactory<RoutingDbContext> Factory { get; }

    public string ConnectionString => $"Data Source={Path}";

    public static async Task<BenchDatabase> CreateAsync(string name, bool migrate = true)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hrp-bench-{name}-{Guid.NewGuid():N}.db");
        var factory = new PooledDbContextFactory<RoutingDbContext>(
            new DbContextOptionsBuilder<RoutingDbContext>().UseRoutingSqlite($"Data Source={path}").Options);
        if (migrate)
        {
            await RoutingDatabase.MigrateAsync(factory, CancellationToken.None);
        }

        return new BenchDatabase(path, factory);
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

    /// <summary>File size after folding the WAL back in, so both stores are measured the same way.</summary>
    public async Task<long> BytesAsync()
    {
        await using (var connection = await OpenAsync())
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await cmd.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        return new FileInfo(Path).Length + (File.Exists(Path + "-wal") ? new FileInfo(Path + "-wal").Length : 0);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }

        return ValueTask.CompletedTask;
    }
}
