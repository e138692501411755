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
/// (capped), across restarts, until it is delivered or, after Notifications:DeadLetterAfter, kept as a dead
/// letter with its reason. At least once: a crash after sending and before marking may send it again, under
/// the same idempotency key, so the receiver can tell; nothing is ever silently dropped.
/// </summary>
public sealed class NotificationSender(
    AlertStore store,
    IHttpClientFactory http,
    IOptions<NotificationOptions> options,
    IOptions<RoutingOptions> routing,
    BackgroundHealth health,
    TimeProvider time,
    ILogger<NotificationSender> logger,
    Leadership leadership) : ResilientBackgroundService(health, routing, time, logger, leadership)
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

    /// <summary>
    /// Sends what is due, each channel on its own (a slow or failing webhook never holds up another): in order within
    /// a channel, the channels side by side. Returns how many were delivered.
    /// </summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var due = await store.DueNotificationsAsync(Time.GetUtcNow(), 200, ct);
        var sent = await Task.WhenAll(due.GroupBy(n => n.Channel).Select(channel => SendChannelAsync(channel.ToArray(), ct)));
        return sent.Sum();
    }

    private async Task<int> SendChannelAsync(IReadOnlyList<NotificationRow> rows, CancellationToken ct)
    {
        var sent = 0;
        foreach (var n in rows)
        {
            var now = Time.GetUtcNow();
            if (Unsendable(n) is { } reason)
            {
                await store.MarkDeadAsync(n.Id, now, reason, ct);
                logger.LogWarning("Notification {Id} to {Channel} is a dead letter: {Reason}", n.Id, n.Channel, reason);
                continue;
            }

            try
            {
                await SendAsync(n, ct);
                await store.MarkDeliveredAsync(n.Id, Time.GetUtcNow(), ct);
                sent++;
            }
            catch (Exception ex) when (ex is HttpRequestException or SmtpException or FormatException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                var error = Describe(ex);
                if (now - new DateTimeOffset(n.CreatedAt, TimeSpan.Zero) >= options.Value.DeadLetterAfter)
                {
                    await store.MarkDeadAsync(n.Id, now, $"Undelivered after {options.Value.DeadLetterAfter}: {error}", ct);
                    logger.LogWarning("Notification {Id} to {Channel} is a dead letter after {Attempts} attempts: {Error}", n.Id, n.Channel, n.Attempts + 1, error);
                    continue;
                }

                var backoff = TimeSpan.FromSeconds(Math.Min(options.Value.MaxBackoff.TotalSeconds, 5 * Math.Pow(2, Math.Min(n.Attempts, 20))));
                await store.MarkFailedAsync(n.Id, now + backoff, error, ct);
                logger.LogWarning("Notification {Id} to {Channel} failed (attempt {Attempt}): {Error}; retrying in {Backoff}", n.Id, n.Channel, n.Attempts + 1, error, backoff);
                // The channel is down: the rest of its queue waits for the next round rather than failing one by one now.
                break;
            }
        }

        return sent;
    }

    /// <summary>Why a notification can never go out as configured now (its channel was removed), or null.</summary>
    private string? Unsendable(NotificationRow n) =>
        n.Channel.StartsWith(NotificationComposer.WebhookPrefix, StringComparison.Ordinal)
            ? options.Value.Webhooks.Any(w => w.Name == n.Channel[NotificationComposer.WebhookPrefix.Length..]) ? null : "Its webhook is no longer configured."
            : n.Channel == NotificationComposer.EmailChannel
                ? options.Value.Smtp is { Host.Length: > 0 } ? null : "E-mail (Notifications:Smtp) is no longer configured."
                : $"The channel '{n.Channel}' is not known.";

    /// <summary>An error in words that never carry the webhook's URL (its path holds the secret).</summary>
    private static string Describe(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: { } status } => $"the receiver answered {(int)status} {status}.",
        HttpRequestException { HttpRequestError: var kind } => $"the receiver could not be reached ({kind}).",
        TaskCanceledException => "the receiver did not answer in time.",
        _ => ex.Message,
    };

    private async Task SendAsync(NotificationRow n, CancellationToken ct)
    {
        if (n.Channel.StartsWith(NotificationComposer.WebhookPrefix, StringComparison.Ordinal))
        {
            var hook = options.Value.Webhooks.First(w => w.Name == n.Channel[NotificationComposer.WebhookPrefix.Length..]);
            using var web = http.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, hook.Url)
            {
                Content = new StringContent(n.Payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(IdempotencyHeader, n.IdempotencyKey);
            using var response = await web.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            return;
        }

        var smtp = options.Value.Smtp!;
        var message = JsonSerializer.Deserialize<AlertMessage>(n.Payload, NotificationComposer.Json)!;
        using var mail = new MailMessage
        {
            From = new MailAddress(smtp.From),
            Subject = $"[{message.State}] {message.Title}",
            Body = $"{message.Detail}\n\nSeverity {message.Severity} · {message.At:u}\n{message.Link}",
        };
        // The key as the message id: a mail system that sees it twice keeps one.
        mail.Headers.Add("Message-ID", $"<{n.IdempotencyKey}@hybridrouting>");
        mail.Headers.Add(IdempotencyHeader, n.IdempotencyKey);
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
    }

    /// <summary>The header that carries a notification's idempotency key to webhook receivers (and in e-mail).</summary>
    public const string IdempotencyHeader = "Idempotency-Key";
}
