namespace HybridRoutingPortal.Core.Propagation;

/// <summary>A place in the estate that holds routes. Some have a vantage point that shows them; some (the NVA's own table, the customer edge) do not.</summary>
public enum StationKind
{
    /// <summary>The on-prem customer edge (no vantage point).</summary>
    Site,

    /// <summary>One MSEE of a circuit: its private-peering route table. Index = <see cref="CircuitPath"/>.</summary>
    CircuitEdge,

    /// <summary>The ExpressRoute gateway's BGP table (its learned routes).</summary>
    GatewayRib,

    /// <summary>What the gateway advertises to one MSEE of a circuit. Index = <see cref="CircuitPath"/>.</summary>
    GatewayToCircuit,

    /// <summary>What Route Server learned from one peer on one instance. Index = instance.</summary>
    RouteServerIn,

    /// <summary>What Route Server advertises to one peer on one instance. Index = instance.</summary>
    RouteServerOut,

    /// <summary>The NVA's own table (no vantage point).</summary>
    Nva,

    /// <summary>An AVS private cloud's definitions: its management block and segments.</summary>
    PrivateCloud,

    /// <summary>A VNet's address space.</summary>
    Vnet,

    /// <summary>A NIC's effective route table: what a VM uses (the data plane).</summary>
    Nic,

    /// <summary>A route table's user-defined routes (where a UDR enters).</summary>
    RouteTable,
}

/// <summary>
/// A route-holding place: the node it belongs to, and for per-peer places the peer (a circuit, an NVA) and an
/// index (the circuit path or the Route Server instance).
/// </summary>
public readonly record struct Station(StationKind Kind, string NodeId, string? PeerNodeId = null, int Index = 0)
{
    public CircuitPath Path => Index == 0 ? CircuitPath.Primary : CircuitPath.Secondary;

    public override string ToString() => PeerNodeId is null ? $"{Kind}:{NodeId}#{Index}" : $"{Kind}:{NodeId}>{PeerNodeId}#{Index}";
}
