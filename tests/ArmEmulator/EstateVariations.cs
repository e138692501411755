using System.Text.Json.Nodes;

namespace ArmEmulator;

/// <summary>
/// Shapes ARM serves that the Contoso estate does not have by itself, added to a served estate so the
/// collectors meet them: Global Reach made from the other circuit, a stretched private cloud, a Route
/// Server still provisioning, a Virtual WAN hub.
/// </summary>
public static class EstateVariations
{
    /// <summary>
    /// Global Reach created on another circuit towards this one: ARM shows it in this peering's
    /// peeredConnections (read-only), not in its connections.
    /// </summary>
    public static void AddGlobalReachFromOtherCircuit(EmulatedEstate estate, ArmEstateNaming naming, string otherCircuitId)
    {
        var peering = estate.Get(naming.PrivatePeeringId) ?? throw new InvalidOperationException("The estate has no private peering.");
        var properties = peering["properties"]!.AsObject();
        properties["peeredConnections"] = new JsonArray(new JsonObject
        {
            ["id"] = $"{naming.PrivatePeeringId}/peerConnections/gr-from-other", ["name"] = "gr-from-other",
            ["properties"] = new JsonObject
            {
                ["provisioningState"] = "Succeeded",
                ["expressRouteCircuitPeering"] = new JsonObject { ["id"] = naming.PrivatePeeringId },
                ["peerExpressRouteCircuitPeering"] = new JsonObject { ["id"] = $"{otherCircuitId}/peerings/AzurePrivatePeering" },
                ["addressPrefix"] = "10.255.255.0/29", ["circuitConnectionStatus"] = "Connected", ["connectionName"] = "gr-from-other", ["authResourceGuid"] = "",
            },
        });
    }

    /// <summary>A stretched private cloud (two availability zones) with its second managed circuit.</summary>
    public static void MakeStretched(EmulatedEstate estate, ArmEstateNaming naming, string secondaryCircuitId)
    {
        var cloud = estate.Get(naming.PrivateCloudId) ?? throw new InvalidOperationException("The estate has no private cloud.");
        var properties = cloud["properties"]!.AsObject();
        properties["availability"] = new JsonObject { ["strategy"] = "DualZone", ["zone"] = 1, ["secondaryZone"] = 2 };
        properties["secondaryCircuit"] = new JsonObject
        {
            ["expressRouteID"] = secondaryCircuitId, ["expressRoutePrivatePeeringID"] = secondaryCircuitId + "/peerings/AzurePrivatePeering",
            ["primarySubnet"] = "10.200.3.8/30", ["secondarySubnet"] = "10.200.3.12/30",
        };
    }

    /// <summary>A Route Server being created: "kind": "RouteServer", provisioning, no router IPs yet.</summary>
    public static string AddProvisioningRouteServer(EmulatedEstate estate, ArmEstateNaming naming, string name)
    {
        var id = naming.RouteServerId[..(naming.RouteServerId.LastIndexOf('/') + 1)] + name;
        estate.Add(id, "Microsoft.Network/virtualHubs", new JsonObject
        {
            ["sku"] = "Standard", ["virtualRouterAsn"] = 65515, ["virtualRouterIps"] = new JsonArray(), ["allowBranchToBranchTraffic"] = false,
            ["routingState"] = "Provisioning", ["provisioningState"] = "Updating",
        }, new JsonObject { ["kind"] = "RouteServer" });
        return id;
    }

    /// <summary>A Virtual WAN hub: a virtualHubs resource too, but not a Route Server.</summary>
    public static string AddVirtualWanHub(EmulatedEstate estate, ArmEstateNaming naming, string name)
    {
        var id = naming.RouteServerId[..(naming.RouteServerId.LastIndexOf('/') + 1)] + name;
        estate.Add(id, "Microsoft.Network/virtualHubs", new JsonObject
        {
            ["sku"] = "Standard", ["virtualRouterAsn"] = 65515, ["virtualRouterIps"] = new JsonArray("10.1.0.68", "10.1.0.69"),
            ["virtualWan"] = new JsonObject { ["id"] = $"/subscriptions/{naming.HubSubscription}/resourceGroups/{naming.HubGroup}/providers/Microsoft.Network/virtualWans/wan1" },
            ["provisioningState"] = "Succeeded",
        });
        return id;
    }
}
