using System.Collections.Concurrent;

namespace ArmEmulator;

public enum FaultKind
{
    /// <summary>429 with Retry-After.</summary>
    Throttle,
    ServerError500,
    ServerError503,
    /// <summary>Answers only after <see cref="Fault.Delay"/> (longer than the client's timeout).</summary>
    Slow,
    /// <summary>200 with a body that is not JSON (or, for actions, a final result that is not).</summary>
    MalformedJson,
    /// <summary>A long-running operation that stays InProgress forever.</summary>
    NeverCompletes,
    /// <summary>A long-running operation that ends Failed.</summary>
    OperationFailed,
    Unauthorized,
    Forbidden,
    /// <summary>A long-running operation whose final answer is 200 with no body at all.</summary>
    EmptyBody,
}

/// <summary>A fault for requests whose path (and query) contains <see cref="Match"/>, case-insensitive.</summary>
public sealed record Fault(string Match, FaultKind Kind, TimeSpan? Delay = null, int? Times = null);

/// <summary>Faults injected per operation; thread-safe, changeable while the emulator runs.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentDictionary<string, (Fault Fault, int Used)> _faults = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Fault fault) => _faults[fault.Match] = (fault, 0);

    public void Clear() => _faults.Clear();

    public IReadOnlyList<Fault> All => _faults.Values.Select(v => v.Fault).ToArray();

    /// <summary>The fault for this request, counting its use; null when none applies.</summary>
    public Fault? For(string pathAndQuery, params FaultKind[] kinds)
    {
        foreach (var (key, (fault, used)) in _faults)
        {
            if (!kinds.Contains(fault.Kind) || !pathAndQuery.Contains(fault.Match, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (fault.Times is { } times && used >= times)
            {
                continue;
            }

            _faults[key] = (fault, used + 1);
            return fault;
        }

        return null;
    }
}
