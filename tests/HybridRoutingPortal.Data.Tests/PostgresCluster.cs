using System.Diagnostics;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the one ./test.sh started (its admin connection string in
/// <see cref="Variable"/>), or, when a test runs directly, a private loopback cluster this process starts with
/// scripts/postgres-cluster.sh and stops when it exits. Each test creates its own database in it.
/// </summary>
public static class PostgresCluster
{
    public const string Variable = "HRP_TEST_POSTGRES";

    private static readonly Lazy<string> Admin = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string AdminConnectionString => Admin.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set)
        {
            return set;
        }

        var script = Script();
        var dir = Path.Combine(Path.GetTempPath(), $"hrp-pg-{Guid.NewGuid():N}");
        var connection = Run(script, "start", dir).Trim();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "stop", dir);
        return connection;
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

        throw new InvalidOperationException($"PostgreSQL tests need {Variable} (./test.sh sets it) or scripts/postgres-cluster.sh to start a cluster.");
    }

    private static string Run(string script, string command, string dir)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command, dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"postgres-cluster.sh {command} failed: {error}");
    }
}
