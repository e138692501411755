namespace HybridRoutingPortal.Core.Propagation.Rules;

/// <summary>
/// MSEE → gateway: the gateway learns what the circuit's customer side announced over the circuit's connection,
/// with the Microsoft edge's 12076 prepended. A connection that is down (or taken down by the advertise limit)
/// carries nothing.
/// </summary>
internal sealed class ExpressRouteLearnedRule : IHopRule
{
    public StationKind From => StationKind.CircuitEdge;

    public void Next(Arrival arrival, PropagationContext context, List<Step> steps)
    {
        if (!PropagationContext.FromCustomerSide(arrival) || context.Estate.Circuit(arrival.At.NodeId) is not { } circuit)
        {
            return;
        }

        foreach (var connection in circuit.Connections)
        {
            if (context.Estate.Gateway(connection.GatewayNodeId) is not { } gateway)
            {
                continue;
            }

            var to = new Station(StationKind.GatewayRib, gateway.NodeId);
            steps.Add(new Step(to, arrival.Path.Prepend(AzureAsns.MicrosoftEdge), HopRule.ExpressRouteLearned, context.ConnectionStop(gateway, circuit, connection, to)));
        }
    }
}
