using System.Text.Json.Nodes;
using ArmEmulator;
using HybridRoutingPortal.Azure.Arm;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Tests;

/// <summary>
/// The least-privilege role is derived from the code: <see cref="ArmOperations"/> maps each ARM operation
/// the collectors call to the RBAC action Microsoft publishes for it; the shipped role JSON and
/// docs/azure.md agree with that table, and every request a full discovery and poll makes is one of them.
/// </summary>
public class RbacTests
{
    private static string Docs(string file) => Path.Combine(RepoRoot(), "docs", file);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HybridRoutingPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }

    private static IReadOnlyList<string> RoleActions(string file) =>
        JsonNode.Parse(File.ReadAllText(file))!["Actions"]!.AsArray().Select(a => (string)a!).ToArray();

    [Fact]
    public void The_shipped_role_grants_exactly_the_actions_of_the_operation_table()
    {
        Assert.Equal(ArmOperations.RoleActions.Order(StringComparer.Ordinal), RoleActions(Docs("hybrid-routing-reader.json")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_action_in_every_role_under_docs_is_a_published_operation_quoted_with_its_source_in_azure_md()
    {
        var roles = Directory.GetFiles(Path.Combine(RepoRoot(), "docs"), "*.json").Where(f => JsonNode.Parse(File.ReadAllText(f))?["Actions"] is not null).ToArray();
        Assert.NotEmpty(roles);
        var doc = File.ReadAllLines(Docs("azure.md"));
        foreach (var action in roles.SelectMany(RoleActions))
        {
            // Each action is one Microsoft publishes (checked in the lists, recorded in the table with its source) …
            var operation = ArmOperations.All.FirstOrDefault(o => o.Action.Equals(action, StringComparison.Ordinal));
            Assert.True(operation is not null, $"{action} is not in ArmOperations (spelled as Microsoft publishes it)");
            // … and docs/azure.md quotes it with that source.
            Assert.True(doc.Any(line => line.Contains($"`{action}`", StringComparison.Ordinal) && line.Contains(SourcePage(operation!.Source), StringComparison.Ordinal)),
                $"docs/azure.md has no row quoting {action} with its source ({SourcePage(operation!.Source)})");
        }
    }

    [Fact]
    public void Azure_md_says_which_actions_the_built_in_reader_lacks()
    {
        var doc = File.ReadAllText(Docs("azure.md"));
        Assert.Equal(6, ArmOperations.BeyondReader.Count);
        Assert.All(ArmOperations.BeyondReader, a => Assert.EndsWith("/action", a, StringComparison.Ordinal));
        // The ExpressRoute route tables are reads, which Reader allows.
        Assert.DoesNotContain(ArmOperations.BeyondReader, a => a.Contains("expressRouteCircuits", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("Reader", doc, StringComparison.Ordinal);
        // Operations that do not exist (Azure refuses a role naming them) are not offered anywhere.
        foreach (var missing in new[] { "expressRouteCircuits/peerings/routeTables/action", "expressRouteCircuits/peerings/routeTablesSummary/action", "privateClouds/workloadNetworks/read" })
        {
            Assert.DoesNotContain(missing, doc, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(missing, File.ReadAllText(Docs("hybrid-routing-reader.json")), StringComparison.OrdinalIgnoreCase);
        }
    }

    public static TheoryData<LroStyle, bool> Runs() => new()
    {
        { LroStyle.Location, true },
        { LroStyle.AsyncOperation, false },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task Every_request_of_a_full_discovery_and_poll_is_an_operation_the_role_grants(LroStyle style, bool resourceGraph)
    {
        var granted = RoleActions(Docs("hybrid-routing-reader.json")).ToHashSet(StringComparer.OrdinalIgnoreCase);
        await using var azure = await EmulatedAzure.StartAsync(EmulatedAzure.MultiSubscription, s =>
        {
            s.LroStyle = style;
            s.PageSize = 2;
            s.PollsBeforeDone = 1;
        }, o => o.UseResourceGraph = resourceGraph, server =>
        {
            EstateVariations.AddGlobalReachFromOtherCircuit(server.Estate, EmulatedAzure.MultiSubscription, "/subscriptions/44444444-4444-4444-8444-444444444444/resourceGroups/rg/providers/Microsoft.Network/expressRouteCircuits/other");
            EstateVariations.AddProvisioningRouteServer(server.Estate, EmulatedAzure.MultiSubscription, "rs-new");
        });

        var (_, observations) = await azure.CollectAsync();

        azure.AssertEveryVantageRight(observations);
        var requests = azure.Server.Requests.ToArray();
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            var method = request[..request.IndexOf(' ', StringComparison.Ordinal)];
            var path = request[(method.Length + 1)..].Split('?')[0];
            var operation = ArmOperations.Find(method, path);
            Assert.True(operation is not null, $"{request} is not an operation of ArmOperations");
            Assert.Contains(operation!.Action, granted);
        }

        // Both ways of finding resources and both ways of polling operations were exercised.
        Assert.Contains(requests, r => r.Contains(resourceGraph ? "Microsoft.ResourceGraph" : "/resourcegroups", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(requests, r => r.Contains(style == LroStyle.Location ? "/operationResults/" : "/operations/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_403_names_the_rbac_action_that_is_missing()
    {
        await using var azure = await EmulatedAzure.StartAsync();
        await azure.Source.PlanAsync(CancellationToken.None);
        azure.Server.Faults.Add(new Fault("bgp-nva-fw01/learnedRoutes", FaultKind.Forbidden));

        var (_, observations) = await azure.CollectAsync();

        var failure = observations[HybridRoutingPortal.Demo.RoutePropagation.Vantages.RouteServerLearned(0)].Failure!;
        Assert.Equal(FailureReason.Forbidden, failure.Reason);
        Assert.Contains("Microsoft.Network/virtualHubs/bgpConnections/learnedRoutes/action", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_operation_template_matches_its_own_shape_and_no_other_operation_shadows_it()
    {
        foreach (var operation in ArmOperations.All)
        {
            var sample = string.Join('/', operation.PathTemplate.Split('/').Select(s => s.StartsWith('{') ? "x1" : s));
            Assert.Same(operation, ArmOperations.Find(operation.Method, sample));
        }

        Assert.Null(ArmOperations.Find("DELETE", "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/h"));
        Assert.Null(ArmOperations.Find("GET", "/subscriptions/x/providers/Microsoft.Network/virtualNetworkGateways"));
    }

    [Fact]
    public void The_poll_figures_in_readme_and_azure_md_are_the_committed_bench_result()
    {
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "bench", "results", "poll.json")))!;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var wall = ((double)result["wallSeconds"]!).ToString("0.00", inv);
        var serial = (double)result["serialSeconds"]!;
        var calls = ((int)result["armCalls"]!).ToString(inv);
        var share = ((double)result["wallShareOfSerial"]! * 100).ToString("0.0", inv) + " %";
        Assert.Equal(100, (int)result["vantagePoints"]!);
        Assert.Equal(0, (int)result["throttled429"]!);

        var doc = File.ReadAllText(Docs("azure.md"));
        var readme = File.ReadAllText(Path.Combine(RepoRoot(), "README.md"));
        foreach (var text in new[] { doc, readme })
        {
            Assert.Contains($"{wall} s", text, StringComparison.Ordinal);
            Assert.Contains($"{calls} ARM calls", text, StringComparison.Ordinal);
            Assert.Contains(share, text, StringComparison.Ordinal);
        }

        Assert.Contains($"{serial.ToString("0.00", inv)} s", doc, StringComparison.Ordinal);
        Assert.Contains($"{serial.ToString("0.0", inv)} s", readme, StringComparison.Ordinal);
    }

    private static string SourcePage(OperationList list) => list switch
    {
        OperationList.Networking => "Azure permissions for Networking",
        OperationList.Compute => "Azure permissions for Compute",
        OperationList.Monitor => "Azure permissions for Monitor",
        _ => "Azure permissions for Management and governance",
    };
}
