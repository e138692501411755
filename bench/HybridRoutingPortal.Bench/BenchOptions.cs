using System.Globalization;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Bench;

public sealed record BenchOptions(int Routes, int Polls, double Churn, string ResultsDir, int Days = 30, int Nics = 0,
    DatabaseProvider Provider = DatabaseProvider.Sqlite)
{
    /// <summary>bench/results/&lt;scenario&gt;.json on SQLite, &lt;scenario&gt;-postgres.json on PostgreSQL.</summary>
    public string ResultsFile(string scenario) =>
        Path.Combine(ResultsDir, Provider == DatabaseProvider.Postgres ? $"{scenario}-postgres.json" : $"{scenario}.json");

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        return new BenchOptions(
            int.Parse(Value("--routes") ?? "100000", CultureInfo.InvariantCulture),
            int.Parse(Value("--polls") ?? "288", CultureInfo.InvariantCulture),
            double.Parse(Value("--churn") ?? (args.Contains("history") ? "0.001" : "0.01"), CultureInfo.InvariantCulture),
            Value("--results") ?? FindResultsDir(),
            int.Parse(Value("--days") ?? "30", CultureInfo.InvariantCulture),
            int.Parse(Value("--nics") ?? "0", CultureInfo.InvariantCulture),
            Value("--provider") switch
            {
                null or "sqlite" => DatabaseProvider.Sqlite,
                "postgres" => DatabaseProvider.Postgres,
                var other => throw new ArgumentException($"--provider {other}: expected sqlite or postgres."),
            });
    }

    private static string FindResultsDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? Directory.GetCurrentDirectory(), "bench", "results");
    }
}
