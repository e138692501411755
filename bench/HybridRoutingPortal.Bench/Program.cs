using HybridRoutingPortal.Bench;

// Benchmarks print figures and ratios against baselines measured in the same run, and write
// bench/results/<scenario>.json. Usage: dotnet run -c Release --project bench/HybridRoutingPortal.Bench -- ingest [--routes N] [--polls N] [--provider sqlite|postgres]
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "";
var options = BenchOptions.Parse(args);
await using var cluster = await BenchCluster.StartAsync(options); // --provider postgres: a private cluster, stopped at the end
switch (scenario)
{
    case "ingest":
        await IngestBench.RunAsync(options);
        return 0;
    case "history":
        await HistoryBench.RunAsync(options);
        return 0;
    case "alerts":
        await AlertsBench.RunAsync(options);
        return 0;
    case "topology":
        await TopologyBench.RunAsync(options);
        return 0;
    case "explain":
        await ExplainBench.RunAsync(options);
        return 0;
    case "load":
        await LoadBench.RunAsync(options, args);
        return 0;
    case "poll":
        await PollBench.RunAsync(options);
        return 0;
    case "detect":
        await DetectBench.RunAsync(options, double.Parse(args.SkipWhile(a => a != "--hours").Skip(1).FirstOrDefault() ?? "4", System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case "pages":
        await PagesBench.RunAsync(options);
        return 0;
    case "readme":
        return ReadmePerformance.Run(options.ResultsDir);
    default:
        Console.Error.WriteLine("Usage: HybridRoutingPortal.Bench ingest [--routes 100000] [--polls 288] [--churn 0.01] [--provider sqlite|postgres]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench history [--routes 100000] [--days 30] [--churn 0.001] [--provider sqlite|postgres]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench topology [--nodes 500] [--edges 1500]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench alerts [--routes 100000] [--provider sqlite|postgres]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench explain [--routes 100000]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench load [--clients 50] [--seconds 30] [--think-ms 1000] [--poll-seconds 10] [--routes 100000] [--churn 0.01]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench poll [--nics 200]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench detect [--hours 4]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench pages [--routes 100000] [--days 30]");
        Console.Error.WriteLine("       HybridRoutingPortal.Bench readme   (rewrites README.md's bench results from bench/results)");
        return 2;
}
