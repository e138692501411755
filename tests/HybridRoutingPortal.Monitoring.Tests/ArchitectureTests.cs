using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace HybridRoutingPortal.Monitoring.Tests;

/// <summary>
/// The layout is the architecture (docs/architecture.md): Core ← Data, Azure, Demo, Monitoring ← Web, no
/// ASP.NET outside Web, no package in Core, and no code that recovers a fact from a display string.
/// </summary>
public partial class ArchitectureTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    private static XDocument Project(string name) => XDocument.Load(Path.Combine(Root, "src", name, name + ".csproj"));

    private static string[] References(XDocument project, string element) =>
        project.Descendants(element).Select(e => (string?)e.Attribute("Include") ?? "").ToArray();

    private static string[] ProjectNames(XDocument project) =>
        References(project, "ProjectReference").Select(p => Path.GetFileNameWithoutExtension(p.Replace('\\', '/'))).Order().ToArray();

    [Fact]
    public void Dependencies_point_inward()
    {
        Assert.Empty(ProjectNames(Project("HybridRoutingPortal.Core")));
        Assert.Equal(["HybridRoutingPortal.Core"], ProjectNames(Project("HybridRoutingPortal.Data")));
        Assert.Equal(["HybridRoutingPortal.Core"], ProjectNames(Project("HybridRoutingPortal.Azure")));
        Assert.Equal(["HybridRoutingPortal.Core"], ProjectNames(Project("HybridRoutingPortal.Demo")));
        Assert.Equal(["HybridRoutingPortal.Core", "HybridRoutingPortal.Data"], ProjectNames(Project("HybridRoutingPortal.Monitoring")));
    }

    [Fact]
    public void Core_references_no_package()
    {
        var core = Project("HybridRoutingPortal.Core");
        Assert.Empty(References(core, "PackageReference"));
        Assert.Empty(References(core, "FrameworkReference"));
    }

    [Theory]
    [InlineData("HybridRoutingPortal.Core")]
    [InlineData("HybridRoutingPortal.Data")]
    [InlineData("HybridRoutingPortal.Azure")]
    [InlineData("HybridRoutingPortal.Demo")]
    [InlineData("HybridRoutingPortal.Monitoring")]
    public void Only_the_web_project_references_aspnet_core(string name)
    {
        var project = Project(name);
        Assert.Equal("Microsoft.NET.Sdk", (string?)project.Root!.Attribute("Sdk"));
        Assert.DoesNotContain(References(project, "FrameworkReference"), r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(References(project, "PackageReference"), r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void The_monitoring_assembly_loads_nothing_of_aspnet_core() =>
        Assert.DoesNotContain(typeof(Alerts.AlertEngine).Assembly.GetReferencedAssemblies(), a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));

    /// <summary>
    /// Names, labels, details and titles are for people. Code that splits or searches one to learn a fact (a circuit's name,
    /// whether branch-to-branch is on) breaks when the wording changes: facts travel typed. Filtering a list by what a
    /// person typed into a search box is the one legitimate search of display text, and lives in the pages.
    /// </summary>
    [Fact]
    public void No_production_code_recovers_a_fact_from_a_display_string()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)))
            {
                if (DisplayStringSearch().IsMatch(line) && !UserSearch().IsMatch(line))
                {
                    offenders.Add($"{Path.GetRelativePath(Root, file)}:{number}: {line.Trim()}");
                }
            }
        }

        Assert.True(offenders.Count == 0, "Facts read from display strings:\n" + string.Join("\n", offenders));
    }

    [GeneratedRegex(@"(\.(Name|Label|Detail|Title|DisplayName)|\b(title|label|detail)\b)\s*\??\.\s*(Split|Contains|StartsWith|EndsWith|IndexOf|LastIndexOf|Substring|Replace)\(|\.(Name|Label|Detail|Title)\s*\[|\{\s*(Title|Label|Detail)\s*:\s*var\b")]
    private static partial Regex DisplayStringSearch();

    /// <summary>A page filtering what it lists by the text a person typed into its search box.</summary>
    [GeneratedRegex(@"Contains\(_search")]
    private static partial Regex UserSearch();
}
