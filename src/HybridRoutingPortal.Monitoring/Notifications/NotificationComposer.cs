using System.Text.Json;
using System.Text.Json.Nodes;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Notifications;

/// <summary>What a notification says, before it is shaped for a channel.</summary>
public sealed record AlertMessage(string State, AlertSeverity Severity, string Title, string? Detail, string Rule, string VantageId, DateTimeOffset At, string? Link);

/// <summary>Turns alert transitions into outbox rows, one per configured channel, in each channel's format.</summary>
public sealed class NotificationComposer(IOptions<NotificationOptions> options)
{
    public const string EmailChannel = "smtp";

    public bool Any => options.Value.Webhooks.Count > 0 || options.Value.Smtp is { Host.Length: > 0 };

    public IReadOnlyList<(string Channel, string Payload)> Compose(AlertMessage message)
    {
        var list = options.Value.Webhooks.Select(w => ($"webhook:{w.Name}", Payload(w.Format, message))).ToList();
        if (options.Value.Smtp is { Host.Length: > 0 })
        {
            list.Add((EmailChannel, JsonSerializer.Serialize(message, Json)));
        }

        return list;
    }

    public string? LinkFor(long? alertId) =>
        options.Value.PortalUrl is { Length: > 0 } url && alertId is { } id ? $"{url.TrimEnd('/')}/alerts/{id}" : null;

    public static string Payload(WebhookFormat format, AlertMessage m) => format switch
    {
        WebhookFormat.Teams => new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "https://schema.org/extensions",
            ["summary"] = m.Title,
            ["themeColor"] = m.State == "Resolved" ? "2E7D32" : m.Severity == AlertSeverity.Critical ? "C62828" : "ED6C02",
            ["title"] = $"[{m.State}] {m.Title}",
            ["text"] = $"{m.Detail}<br/>Severity {m.Severity} · {m.At:u}" + (m.Link is null ? "" : $"<br/><a href=\"{m.Link}\">Open in HybridRoutingPortal</a>"),
        }.ToJsonString(),
        WebhookFormat.Slack => new JsonObject
        {
            ["text"] = $"*[{m.State}] {m.Title}*\n{m.Detail}\nSeverity {m.Severity} · {m.At:u}" + (m.Link is null ? "" : $"\n<{m.Link}|Open in HybridRoutingPortal>"),
        }.ToJsonString(),
        _ => JsonSerializer.Serialize(m, Json),
    };

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}

