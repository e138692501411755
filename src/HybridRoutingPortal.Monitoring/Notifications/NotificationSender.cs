using System.Net.Mail;
using System.Text.Json;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Monitoring.Options;
using HybridRoutingPortal.Monitoring.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Monitoring.Notifications;

/// <summary>
/// Delivers the outbox: every due notification is sent; a failure is retried with exponential backoff
/// (capped), across restarts, until it is delivered. At least once: a crash after sending and before
/// marking may send it again; nothing is ever dropped.
/// </summary>
public sealed class NotificationSender(
    AlertStore store,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    IOptions<RoutingOptions> routing,
    BackgroundHealth health,
    TimeProvider time,
    ILogger<NotificationSender> logger) : ResilientBackgroundService(health, routing, time, logger)
{
    public const string HttpClientName = "notifications";

    protected override string ServiceName => "Notification sender";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SendInterval, Time);
        do
        {
            await SendDueAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var sent = 0;
        foreach (var n in await store.DueNotificationsAsync(Time.GetUtcNow(), 50, ct))
        {
            try
            {
                await SendAsync(n, ct);
                await store.MarkDeliveredAsync(n.Id, Time.GetUtcNow(), ct);
                sent++;
            }
            catch (Exception ex) when (ex is HttpRequestException or SmtpException or InvalidOperationException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                var backoff = TimeSpan.FromSeconds(Math.Min(options.Value.MaxBackoff.TotalSeconds, 5 * Math.Pow(2, n.Attempts)));
                await store.MarkFailedAsync(n.Id, Time.GetUtcNow() + backoff, ex.Message, ct);
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
            using var client = http.CreateClient(HttpClientName);
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
            var message = JsonSerializer.Deserialize<AlertMessage>(n.Payload, NotificationComposer.Json)!;
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
