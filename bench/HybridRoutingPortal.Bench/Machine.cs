using System.Globalization;

namespace HybridRoutingPortal.Bench;

/// <summary>What the results files say about the machine a bench ran on (it is shared: its load is part of the figure).</summary>
internal static class Machine
{
    /// <summary>The one-minute load average, 0 where /proc/loadavg does not exist.</summary>
    public static double LoadAverage() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture, out var load) ? load : 0;
}
