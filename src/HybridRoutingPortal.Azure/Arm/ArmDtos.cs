using System.Text.Json;
using System.Text.Json.Serialization;

namespace HybridRoutingPortal.Azure.Arm;

// Typed shapes of the ARM responses the collectors read (../shared/arm-examples). Unknown fields are
// ignored; fields the collectors cannot do without are [JsonRequired], so a response missing them fails
// that one vantage point as "malformed", never the cycle.

public sealed record ArmList<T>([property: JsonRequired] IReadOnlyList<T> Value, string? NextLink);

public sealed record SubResource(string? Id);

public sealed record Subscription([property: JsonRequired] string SubscriptionId, string? DisplayName, string? State);

public sealed record ArmResource<TProperties>(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Name,
    string? Type,
    string? Location,
    TProperties? Properties,
    string? Kind = null,
    IReadOnlyDictionary<string, string>? Tags = null);

// Route Server (Microsoft.Network/virtualHubs)
public sealed record VirtualHubProperties(
    IReadOnlyList<string>? VirtualRouterIps,
    long? VirtualRouterAsn,
    bool? AllowBranchToBranchTraffic,
    string? RoutingState,
    string? Sku,
    string? ProvisioningState,
    SubResource? VirtualWan);

public sealed record HubIpConfigurationProperties(string? PrivateIPAddress, SubResource? Subnet);

public sealed record BgpConnectionProperties(
    [property: JsonRequired] string PeerIp,
    long? PeerAsn,
    string? ConnectionState,
    string? ProvisioningState);

/// <summary>
/// One route of the Route Server learned/advertised answer and the gateway route lists. A row without a
/// network is read, then left out with a counted warning (never the whole table).
/// </summary>
public sealed record PeerRoute(
    string? LocalAddress,
    string? Network,
    string? NextHop,
    string? SourcePeer,
    string? Origin,
    string? AsPath,
    long? Weight);

// ExpressRoute
public sealed record CircuitSku(string? Name, string? Tier, string? Family);

public sealed record ServiceProviderProperties(string? ServiceProviderName, string? PeeringLocation, long? BandwidthInMbps);

public sealed record CircuitProperties(
    ServiceProviderProperties? ServiceProviderProperties,
    string? CircuitProvisioningState,
    string? ServiceProviderProvisioningState,
    bool? GlobalReachEnabled);

public sealed record ExpressRouteCircuit(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Name,
    string? Location,
    CircuitSku? Sku,
    CircuitProperties? Properties);

/// <summary>A Global Reach connection: in a peering's connections (made from this circuit) or peeredConnections (made from the other one).</summary>
public sealed record CircuitConnection(SubResource? ExpressRouteCircuitPeering, SubResource? PeerExpressRouteCircuitPeering, string? AddressPrefix, string? CircuitConnectionStatus);

public sealed record PeeringProperties(
    string? PeeringType,
    long? AzureASN,
    long? PeerASN,
    string? PrimaryPeerAddressPrefix,
    string? SecondaryPeerAddressPrefix,
    string? State,
    IReadOnlyList<ArmResource<CircuitConnection>>? Connections,
    IReadOnlyList<ArmResource<CircuitConnection>>? PeeredConnections = null);

public sealed record CircuitRoute(
    string? Network,
    string? NextHop,
    string? LocPrf,
    long? Weight,
    string? Path);

public sealed record CircuitRouteSummary(
    [property: JsonRequired] string Neighbor,
    long? V,
    long? As,
    string? UpDown,
    string? StatePfxRcd);

// Virtual network gateways and connections
public sealed record GatewaySku(string? Name, string? Tier, long? Capacity);

public sealed record BgpSettings(long? Asn, string? BgpPeeringAddress);

public sealed record GatewayIpConfigurationProperties(SubResource? Subnet, string? PrivateIPAddress);

public sealed record VirtualNetworkGatewayProperties(
    string? GatewayType,
    GatewaySku? Sku,
    bool? EnableBgp,
    bool? ActiveActive,
    BgpSettings? BgpSettings,
    IReadOnlyList<ArmResource<GatewayIpConfigurationProperties>>? IpConfigurations);

public sealed record BgpPeerStatus(
    string? LocalAddress,
    [property: JsonRequired] string Neighbor,
    long? Asn,
    string? State,
    string? ConnectedDuration,
    long? RoutesReceived);

public sealed record ConnectionProperties(
    string? ConnectionType,
    SubResource? VirtualNetworkGateway1,
    SubResource? Peer,
    string? ConnectionStatus,
    string? ProvisioningState);

// Virtual networks
public sealed record AddressSpace(IReadOnlyList<string>? AddressPrefixes);

public sealed record SubnetProperties(string? AddressPrefix, IReadOnlyList<string>? AddressPrefixes);

public sealed record VnetPeeringProperties(
    SubResource? RemoteVirtualNetwork,
    string? PeeringState,
    bool? AllowForwardedTraffic,
    bool? AllowGatewayTransit,
    bool? UseRemoteGateways,
    AddressSpace? RemoteAddressSpace);

public sealed record VirtualNetworkProperties(
    AddressSpace? AddressSpace,
    IReadOnlyList<ArmResource<SubnetProperties>>? Subnets,
    IReadOnlyList<ArmResource<VnetPeeringProperties>>? VirtualNetworkPeerings);

// The data plane: NICs, their effective routes, route tables (data-plane/ in the arm-examples)

/// <summary>
/// An IP configuration of a NIC. privateIPAddress is not always a bare address: the example's ipconfig2 holds
/// "172.20.2.16/28" with privateIPAddressPrefixLength 28.
/// </summary>
public sealed record NicIpConfigurationProperties(string? PrivateIPAddress, SubResource? Subnet, bool? Primary, string? PrivateIPAddressVersion);

public sealed record NetworkInterfaceProperties(
    IReadOnlyList<ArmResource<NicIpConfigurationProperties>>? IpConfigurations,
    SubResource? VirtualMachine,
    bool? EnableIPForwarding,
    string? ProvisioningState);

/// <summary>
/// One effective route (NetworkInterfaces_GetEffectiveRouteTable: EffectiveRoute). addressPrefix and nextHopIpAddress are
/// arrays; nextHopType is an open set of strings (kept as ARM spells it, an unknown one is not rejected).
/// </summary>
public sealed record EffectiveRouteDto(
    string? Name,
    string? Source,
    string? State,
    IReadOnlyList<string>? AddressPrefix,
    IReadOnlyList<string>? NextHopIpAddress,
    string? NextHopType,
    bool? DisableBgpRoutePropagation);

public sealed record RouteProperties(string? AddressPrefix, string? NextHopType, string? NextHopIpAddress, bool? HasBgpOverride);

/// <summary>A route inside a route table: its id and name are not needed to read it, so one without them still reads.</summary>
public sealed record RouteTableRoute(string? Name, string? Id, RouteProperties? Properties);

public sealed record RouteTableProperties(
    IReadOnlyList<RouteTableRoute?>? Routes,
    IReadOnlyList<SubResource>? Subnets,
    bool? DisableBgpRoutePropagation,
    string? ProvisioningState);

// Azure VMware Solution
public sealed record AvsCircuit(string? ExpressRouteID, string? ExpressRoutePrivatePeeringID, string? PrimarySubnet, string? SecondarySubnet);

public sealed record AvsSku([property: JsonRequired] string Name);

public sealed record PrivateCloudProperties(
    [property: JsonRequired] string NetworkBlock,
    AvsCircuit? Circuit,
    string? ProvisioningState,
    string? Internet,
    AvsCircuit? SecondaryCircuit = null);

public sealed record PrivateCloud(
    [property: JsonRequired] string Id,
    [property: JsonRequired] string Name,
    string? Location,
    AvsSku? Sku,
    [property: JsonRequired] PrivateCloudProperties Properties);

public sealed record SegmentSubnet(IReadOnlyList<string>? DhcpRanges, string? GatewayAddress);

public sealed record SegmentProperties(string? DisplayName, string? ConnectedGateway, SegmentSubnet? Subnet, string? Status);

public sealed record GlobalReachConnectionProperties(
    string? AddressPrefix,
    string? CircuitConnectionStatus,
    string? ExpressRouteId,
    string? PeerExpressRouteCircuit,
    string? ProvisioningState);

public sealed record AvsAuthorizationProperties(string? ExpressRouteId, string? ExpressRouteAuthorizationId, string? ProvisioningState);

// Azure Resource Graph
public sealed record ResourceGraphRequest(IReadOnlyList<string> Subscriptions, string Query, ResourceGraphRequestOptions? Options);

public sealed record ResourceGraphRequestOptions([property: JsonPropertyName("$skipToken")] string? SkipToken, [property: JsonPropertyName("$top")] int? Top, string ResultFormat = "objectArray");

public sealed record ResourceGraphResponse(
    long? TotalRecords,
    [property: JsonRequired] IReadOnlyList<GraphResource> Data,
    [property: JsonPropertyName("$skipToken")] string? SkipToken,
    long? Count = null,
    // The examples send the string "false"; accept a boolean too.
    [property: JsonConverter(typeof(LenientBooleanConverter))] bool? ResultTruncated = null);

public sealed record GraphResource([property: JsonRequired] string Id, [property: JsonRequired] string Type, string? Name, string? SubscriptionId);

/// <summary>The status body of an Azure-AsyncOperation URL.</summary>
public sealed record OperationStatus([property: JsonRequired] string Status, ArmError? Error);

public sealed record ArmErrorResponse(ArmError? Error);

public sealed record ArmError(string? Code, string? Message);

/// <summary>Reads true/false whether ARM sends a JSON boolean or a string.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        JsonTokenType.String when bool.TryParse(reader.GetString(), out var b) => b,
        _ => throw new JsonException($"expected a boolean, got {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } b)
        {
            writer.WriteBooleanValue(b);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

internal static class ArmJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // ARM is not always consistent about case (location/Location, NetworkBlock…).
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };
}
