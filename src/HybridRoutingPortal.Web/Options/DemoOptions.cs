namespace HybridRoutingPortal.Web.Options;

/// <summary>The Demo:* settings the demo source itself reads (the backfill window is Monitoring's <c>BackfillOptions</c>).</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public int Seed { get; set; } = HybridRoutingPortal.Demo.DemoScenario.DefaultSeed;
}
