using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Notifications;

/// <summary>What a notification says, before it is shaped for a channel.</summary>
/// <param name="IdempotencyKey">The outbox row's key: a receiver that sees it twice has seen one notification twice.</param>
public sealed record AlertMessage(string State, AlertSeverity Severity, string Title, string? Detail, string Rule, string VantageId, DateTimeOffset At, string? Link,
    string? IdempotencyKey = null);

/// <summary>
/// Turns alert transitions into outbox messages, one per configured channel, in each channel's format. Text that
/// people wrote (expectation names and reasons end up in titles and details) is escaped for the channel, so it can
/// neither format nor link nor mention anyone.
/// </summary>
public sealed class NotificationComposer(IOptions<NotificationOptions> options)
{
    public const string EmailChannel = "smtp";

    public const string WebhookPrefix = "webhook:";

    public bool Any => options.Value.Webhooks.Count > 0 || options.Value.Smtp is { Host.Length: > 0 };

    public IReadOnlyList<OutboxMessage> Compose(AlertMessage message)
    {
        var list = options.Value.Webhooks.Select(w => Message(WebhookPrefix + w.Name, message, m => Payload(w.Format, m))).ToList();
        if (options.Value.Smtp is { Host.Length: > 0 })
        {
            list.Add(Message(EmailChannel, message, m => JsonSerializer.Serialize(m, Json)));
        }

        return list;
    }

    private static OutboxMessage Message(string channel, AlertMessage message, Func<AlertMessage, string> payload)
    {
        var key = Guid.NewGuid().ToString("N");
        return new OutboxMessage(channel, payload(message with { IdempotencyKey = key }), key);
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
            ["title"] = $"[{m.State}] {TeamsText(m.Title)}",
            ["text"] = $"{TeamsText(m.Detail)}<br/>Severity {m.Severity} · {m.At:u}" + (m.Link is null ? "" : $"<br/><a href=\"{WebUtility.HtmlEncode(m.Link)}\">Open in HybridRoutingPortal</a>"),
        }.ToJsonString(),
        WebhookFormat.Slack => new JsonObject
        {
            ["text"] = $"*[{m.State}] {SlackText(m.Title)}*\n{SlackText(m.Detail)}\nSeverity {m.Severity} · {m.At:u}" + (m.Link is null ? "" : $"\n<{m.Link}|Open in HybridRoutingPortal>"),
        }.ToJsonString(),
        _ => JsonSerializer.Serialize(m, Json),
    };

    /// <summary>Teams renders a subset of HTML and markdown: encode HTML, and escape the markdown that makes links and emphasis.</summary>
    public static string TeamsText(string? text)
    {
        var raw = text ?? "";
        var escaped = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is '\\' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '`' or '~' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        // Markdown first, then HTML: encoding last keeps its entities (&#39;) whole.
        return WebUtility.HtmlEncode(escaped.ToString());
    }

    /// <summary>Slack's own rule: &amp;, &lt; and &gt; are escaped, so text cannot open a link or a mention (&lt;!channel&gt;).</summary>
    public static string SlackText(string? text) =>
        (text ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}
