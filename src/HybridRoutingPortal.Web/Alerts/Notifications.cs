using System.Net.Http.Json;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Alerts;

public enum WebhookFormat
{
    /// <summary>The alert as JSON, for your own automation.</summary>
    Generic,

    /// <summary>A Microsoft Teams incoming-webhook message card.</summary>
    Teams,

    /// <summary>A Slack incoming-webhook message.</summary>
    Slack,
}

public sealed class WebhookChannel
{
    public string Name { get; set; } = "webhook";

    public string Url { get; set; } = "";

    public WebhookFormat Format { get; set; } = WebhookFormat.Generic;
}

public sealed class SmtpChannel
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public bool EnableSsl { get; set; } = true;

    public string From { get; set; } = "";

    public IList<string> To { get; set; } = [];

    public string? UserName { get; set; }

    /// <summary>Read from configuration (a secret store in production); never logged.</summary>
    public string? Password { get; set; }
}

/// <summary>The Notifications:* settings.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public IList<WebhookChannel> Webhooks { get; set; } = [];

    public SmtpChannel? Smtp { get; set; }

    /// <summary>Link base for alert links in messages (the portal's address as people reach it).</summary>
    public string? PortalUrl { get; set; }

    public TimeSpan SendInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(30);
}

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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
}

/// <summary>
/// Delivers the outbox: every due notification is sent; a failure is retried with exponential backoff
/// (capped), across restarts, until it is delivered. At least once: a crash after sending and before
/// marking may send it again; nothing is ever dropped.
/// </summary>
public sealed class NotificationSender(
    AlertStore store,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    TimeProvider time,
    ILogger<NotificationSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SendInterval, time);
        try
        {
            do
            {
                await SendDueAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        foreach (var n in await store.DueNotificationsAsync(time.GetUtcNow(), 50, ct))
        {
            try
            {
                await SendAsync(n, ct);
                await store.MarkDeliveredAsync(n.Id, time.GetUtcNow(), ct);
                sent++;
            }
            catch (Exception ex) when (ex is HttpRequestException or SmtpException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(options.Value.MaxBackoff.TotalSeconds, 5 * Math.Pow(2, n.Attempts)));
                await store.MarkFailedAsync(n.Id, time.GetUtcNow() + backoff, ex.Message, ct);
                logger.LogWarning("Notification {Id} to {Channel} failed (attempt {Attempt}): {Error}; retrying in {Backoff}", n.Id, n.Channel, n.Attempts + 1, ex.Message, backoff);
            }
        }

        return sent;
    }

    private async Task SendAsync(NotificationRow n, CancellationToken ct)
    {
        if (n.Channel.StartsWith("webhook:", StringComparison.Ordinal))
        {
            var name = n.Channel["webhook:".Length..];
            var hook = options.Value.Webhooks.FirstOrDefault(w => w.Name == name)
                ?? throw new InvalidOperationException($"Webhook '{name}' is no longer configured.");
            using var client = http.CreateClient("notifications");
            using var content = new StringContent(n.Payload, System.Text.Encoding.UTF8, "application/json");
            using var response = await client.PostAsync(hook.Url, content, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"{hook.Name} answered {(int)response.StatusCode}.");
            }

            return;
        }

        if (n.Channel == NotificationComposer.EmailChannel && options.Value.Smtp is { } smtp)
        {
            var message = JsonSerializer.Deserialize<AlertMessage>(n.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web)
            {
                Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
            })!;
            using var mail = new MailMessage { From = new MailAddress(smtp.From), Subject = $"[{message.State}] {message.Title}", Body = $"{message.Detail}\n\nSeverity {message.Severity} · {message.At:u}\n{message.Link}" };
            foreach (var to in smtp.To)
            {
                mail.To.Add(to);
            }

            using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
            if (smtp.UserName is { Length: > 0 })
            {
                client.Credentials = new System.Net.NetworkCredential(smtp.UserName, smtp.Password);
            }

            await client.SendMailAsync(mail, ct);
            return;
        }

        throw new InvalidOperationException($"Channel '{n.Channel}' is not configured.");
    }
}
