using System.Diagnostics;
using Npgsql;

namespace HybridRoutingPortal.Bench;

/// <summary>
/// The PostgreSQL server a `--provider postgres` bench runs against: the one named by <see cref="Variable"/>, or a
/// private loopback cluster started with scripts/postgres-cluster.sh in a temp directory (as ./test.sh does) and
/// stopped when the bench ends, fails or is interrupted. Each bench database is a fresh database in it.
/// </summary>
public sealed class BenchCluster : IAsyncDisposable
{
    public const string Variable = "HRP_BENCH_POSTGRES";

    private static BenchCluster? _current;

    private readonly string? _script;
    private readonly string? _dir;
    private int _stopped;

    private BenchCluster(string adminConnectionString, string? script, string? dir)
    {
        AdminConnectionString = adminConnectionString;
        _script = script;
        _dir = dir;
    }

    public string AdminConnectionString { get; }

    /// <summary>The running cluster; only a `--provider postgres` run has one.</summary>
    public static BenchCluster Current => _current ?? throw new InvalidOperationException("No PostgreSQL cluster: run the bench with --provider postgres.");

    /// <summary>Starts (or finds) the cluster when <paramref name="options"/> ask for PostgreSQL; null for SQLite.</summary>
    public static async Task<BenchCluster?> StartAsync(BenchOptions options)
    {
        if (options.Provider != Data.DatabaseProvider.Postgres)
        {
            return null;
        }

        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            _current = new BenchCluster(given, null, null);
        }
        else
        {
            var script = Script();
            var dir = Path.Combine(Path.GetTempPath(), $"hrp-bench-pg-{Guid.NewGuid():N}");
            _current = new BenchCluster((await RunAsync(script, "start", dir)).Trim(), script, dir);
            // Ctrl-C and SIGTERM end the process without unwinding Program's `await using`: stop the cluster on the way out.
            Console.CancelKeyPress += (_, _) => _current.Stop();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => _current.Stop();
        }

        await using var connection = new NpgsqlConnection(_current.AdminConnectionString);
        await connection.OpenAsync();
        Console.WriteLine($"PostgreSQL {connection.PostgreSqlVersion} on {connection.Host}:{connection.Port}{(_current._dir is null ? $" (from {Variable})" : " (private loopback cluster for this run)")}");
        return _current;
    }

    /// <summary>The server's version and durability, for the results files.</summary>
    public async Task<string> VersionAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var fsync = new NpgsqlCommand("SHOW fsync", connection);
        return $"PostgreSQL {connection.PostgreSqlVersion.ToString(2)}, fsync {await fsync.ExecuteScalarAsync()}";
    }

    public async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        await cmd.ExecuteNonQueryAsync();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private void Stop()
    {
        if (_script is null || Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var process = Process.Start(new ProcessStartInfo("bash", [_script, "stop", _dir!]) { UseShellExecute = false })!;
        process.WaitForExit();
    }

    private static string Script()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "postgres-cluster.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"--provider postgres needs {Variable} or scripts/postgres-cluster.sh to start a cluster.");
    }

    private static async Task<string> RunAsync(string script, string command, string dir)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Unlike the tests' cluster, fsync and full-page writes on: the bench measures a server as one would run it.
            Environment = { ["HRP_PG_DURABLE"] = "1" },
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"postgres-cluster.sh {command} failed: {await error}");
    }
}
