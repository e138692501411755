using HybridRoutingPortal.Bench;

namespace HybridRoutingPortal.Data.Tests;

/// <summary>README.md's performance figures are the bench results files, rendered; never copied by hand.</summary>
public sealed class ReadmePerformanceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("hrp-readme-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_README_shows_exactly_what_bench_results_holds()
    {
        var root = RepoRoot();
        var expected = ReadmePerformance.Render(Path.Combine(root, "bench", "results"));
        var shown = ReadmePerformance.Current(File.ReadAllText(Path.Combine(root, "README.md")));
        Assert.True(expected == shown,
            "README.md's bench results differ from bench/results/*.json; run `dotnet run -c Release --project bench/HybridRoutingPortal.Bench -- readme`.\n" +
            $"--- from bench/results:\n{expected}\n--- in README.md:\n{shown}");
    }

    [Fact]
    public void Each_results_file_present_becomes_its_section_and_a_missing_key_is_an_error()
    {
        File.WriteAllText(Path.Combine(_dir, "alerts.json"), """{ "expectations": 10000, "routes": 100000, "evaluateMs": 21.6, "readRoutesMs": 250, "engine": "SQLite 3.46.1", "loadAverageAtStart": 2.5, "measuredAt": "2026-11-25T03:12:13+00:00" }""");
        var readme = $"# x\n\n{ReadmePerformance.Begin}\nold figures\n{ReadmePerformance.End}\n\nafter\n";

        var rewritten = ReadmePerformance.Rewrite(readme, ReadmePerformance.Render(_dir));

        Assert.Contains("evaluates 10,000 expectations against a 100,000-route poll", rewritten);
        Assert.Contains("**22 ms**", rewritten);
        Assert.Contains("2026-11-25", rewritten);
        Assert.DoesNotContain("old figures", rewritten);
        Assert.DoesNotContain("-- history", rewritten); // no history.json here: no section
        Assert.EndsWith($"{ReadmePerformance.End}\n\nafter\n", rewritten);
        Assert.Equal(ReadmePerformance.Render(_dir), ReadmePerformance.Current(rewritten));

        File.WriteAllText(Path.Combine(_dir, "alerts.json"), """{ "expectations": 10000, "routes": 100000, "measuredAt": "2026-11-25T03:12:13+00:00" }""");
        Assert.Contains("'evaluateMs'", Assert.Throws<InvalidOperationException>(() => ReadmePerformance.Render(_dir)).Message);
        Assert.Throws<InvalidOperationException>(() => ReadmePerformance.Current("# no block"));
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}
