using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using HybridRoutingPortal.Core.Alerts;
using HybridRoutingPortal.Data;
using HybridRoutingPortal.Data.Tests;
using HybridRoutingPortal.Monitoring.Alerts.Rules;
using HybridRoutingPortal.Monitoring.Hosting;
using HybridRoutingPortal.Monitoring.Notifications;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static Microsoft.Extensions.Options.Options;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>Webhook delivery through the outbox, against a real loopback receiver that is down, then up.</summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero));
    private readonly ConcurrentQueue<string> _received = new();
    private readonly ConcurrentQueue<string> _keys = new();
    private readonly int _port = FreePort();
    private WebApplication? _receiver;

    public Task InitializeAsync() => _db.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        await _db.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task StartReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{_port}");
        builder.Logging.ClearProviders();
        _receiver = builder.Build();
        _receiver.MapPost("/services/T0000/B0000/{secret}", async (HttpRequest request) =>
        {
            _keys.Enqueue(request.Headers["Idempotency-Key"].ToString());
            using var reader = new StreamReader(request.Body);
            _received.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        _receiver.MapPost("/hook", async (HttpRequest request) =>
        {
            _keys.Enqueue(request.Headers["Idempotency-Key"].ToString());
            using var reader = new StreamReader(request.Body);
            _received.Enqueue(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await _receiver.StartAsync();
    }

    private NotificationSender Sender(NotificationOptions options) =>
        new(new AlertStore(_db.Factory), new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            Create(options), Create(new RoutingOptions()), new BackgroundHealth(), _clock, NullLogger<NotificationSender>.Instance, new SoleLeadership());

    [Fact]
    public async Task A_receiver_that_is_down_gets_the_message_once_after_it_recovers_even_across_a_restart()
    {
        var options = new NotificationOptions { Webhooks = [new WebhookChannel { Name = "ops", Url = $"http://127.0.0.1:{_port}/hook", Format = WebhookFormat.Teams }] };
        var store = new AlertStore(_db.Factory);
        var composer = new NotificationComposer(Create(options));
        await store.EnqueueAsync(composer.Compose(new AlertMessage("Firing", AlertSeverity.Critical, "10.202.40.0/24 missing at er-contoso-ams · primary",
            "AVS segment seg-vdi reaches on-prem.", MissingPrefixRule.RuleName, "v", _clock.GetUtcNow(), "http://portal/alerts/1")), _clock.GetUtcNow(), CancellationToken.None);

        // The receiver is down: the attempt fails and is scheduled again with backoff.
        var first = Sender(options);
        Assert.Equal(0, await first.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await first.SendDueAsync(CancellationToken.None)); // not due yet
        first.Dispose(); // the app stops here; the outbox is in the database

        await StartReceiverAsync();
        _clock.Advance(TimeSpan.FromSeconds(10));
        var afterRestart = Sender(options);
        Assert.Equal(1, await afterRestart.SendDueAsync(CancellationToken.None));
        Assert.Equal(0, await afterRestart.SendDueAsync(CancellationToken.None));

        var body = JsonDocument.Parse(Assert.Single(_received)).RootElement;
        Assert.Equal("MessageCard", body.GetProperty("@type").GetString());
        Assert.StartsWith("[Firing] 10.202.40.0/24 missing", body.GetProperty("title").GetString());
        Assert.Contains("http://portal/alerts/1", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task E_mail_goes_out_through_smtp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () => await SmtpSinkAsync(listener));

        var options = new NotificationOptions
        {
            Smtp = new SmtpChannel { Host = "127.0.0.1", Port = port, EnableSsl = false, From = "routing@contoso.example", To = ["netops@contoso.example"] },
        };
        var store = new AlertStore(_db.Factory);
        await store.EnqueueAsync(new NotificationComposer(Create(options)).Compose(new AlertMessage("Firing", AlertSeverity.Critical,
            "10.202.40.0/24 missing at er-contoso-ams · primary", "AVS segment seg-vdi reaches on-prem.", MissingPrefixRule.RuleName, "v", _clock.GetUtcNow(), null)),
            _clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, await Sender(options).SendDueAsync(CancellationToken.None));
        var mail = await server.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("RCPT TO:<netops@contoso.example>", mail);
        // The subject holds a non-ASCII "·", so it travels as RFC 2047 encoded words: decode them.
        var subject = string.Concat(System.Text.RegularExpressions.Regex.Matches(mail, @"=\?utf-8\?B\?([A-Za-z0-9+/=]+)\?=", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            .Select(m => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Groups[1].Value))));
        Assert.StartsWith("[Firing] 10.202.40.0/24 missing at er-contoso-ams", subject.Length > 0 ? subject : mail[(mail.IndexOf("Subject: ", StringComparison.Ordinal) + 9)..]);
    }

    /// <summary>Just enough SMTP to accept one message: greets, says OK to every command, reads DATA to the final dot.</summary>
    private static async Task<string> SmtpSinkAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        await using var writer = new StreamWriter(stream) { NewLine = "\r\n", AutoFlush = true };
        var transcript = new System.Text.StringBuilder();
        await writer.WriteLineAsync("220 sink ready");
        while (await reader.ReadLineAsync() is { } line)
        {
            transcript.AppendLine(line);
            var command = line.ToUpperInvariant();
            if (command.StartsWith("EHLO", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("250 sink");
            }
            else if (command.StartsWith("DATA", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("354 go ahead");
                while (await reader.ReadLineAsync() is { } data && data != ".")
                {
                    transcript.AppendLine(data);
                }

                await writer.WriteLineAsync("250 queued");
            }
            else if (command.StartsWith("QUIT", StringComparison.Ordinal))
            {
                await writer.WriteLineAsync("221 bye");
                break;
            }
            else
            {
                await writer.WriteLineAsync("250 ok");
            }
        }

        return transcript.ToString();
    }

    [Fact]
    public void Each_webhook_format_says_what_happened()
    {
        var message = new AlertMessage("Resolved", AlertSeverity.Warning, "primary and secondary paths disagree", "6 prefixes on one path only", PathAsymmetryRule.RuleName, "v",
            new DateTimeOffset(2026, 11, 24, 2, 45, 0, TimeSpan.Zero), null);
        Assert.StartsWith("*[Resolved] primary and secondary paths disagree*", JsonDocument.Parse(NotificationComposer.Payload(WebhookFormat.Slack, message)).RootElement.GetProperty("text").GetString());
        var generic = JsonDocument.Parse(NotificationComposer.Payload(WebhookFormat.Generic, message)).RootElement;
        Assert.Equal(("Resolved", "Warning", PathAsymmetryRule.RuleName), (generic.GetProperty("state").GetString(), generic.GetProperty("severity").GetString(), generic.GetProperty("rule").GetString()));
    }

    [Fact]
    public async Task Each_delivery_carries_the_notifications_idempotency_key_and_no_log_line_carries_the_webhook_secret()
    {
        const string secret = "xoxb-SECRET-TOKEN-4242";
        await StartReceiverAsync();
        var options = new NotificationOptions { Webhooks = [new WebhookChannel { Name = "slack", Url = $"http://127.0.0.1:{_port}/services/T0000/B0000/{secret}", Format = WebhookFormat.Slack }] };
        var logs = new CapturingLoggerProvider();
        await using var services = PortalServices.Build(_db, _clock, notifications: options, logging: logs);
        var store = services.GetRequiredService<AlertStore>();
        var queued = services.GetRequiredService<NotificationComposer>().Compose(new AlertMessage("Firing", AlertSeverity.Critical, "t", "d", "r", "v", _clock.GetUtcNow(), null));
        await store.EnqueueAsync(queued, _clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, await services.Hosted<NotificationSender>().SendDueAsync(CancellationToken.None));
        Assert.Equal(queued.Single().IdempotencyKey, Assert.Single(_keys));

        // A failing attempt logs too: still no secret.
        await _receiver!.StopAsync();
        await store.EnqueueAsync(services.GetRequiredService<NotificationComposer>().Compose(new AlertMessage("Resolved", AlertSeverity.Critical, "t", "d", "r", "v", _clock.GetUtcNow(), null)),
            _clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal(0, await services.Hosted<NotificationSender>().SendDueAsync(CancellationToken.None));
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("/services/T0000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_notification_that_cannot_be_delivered_becomes_a_dead_letter_with_its_reason()
    {
        var options = new NotificationOptions
        {
            Webhooks = [new WebhookChannel { Name = "ops", Url = $"http://127.0.0.1:{_port}/hook" }],
            DeadLetterAfter = TimeSpan.FromHours(1),
        };
        var store = new AlertStore(_db.Factory);
        var composer = new NotificationComposer(Create(options));
        await store.EnqueueAsync(composer.Compose(new AlertMessage("Firing", AlertSeverity.Critical, "t", "d", "r", "v", _clock.GetUtcNow(), null)), _clock.GetUtcNow(), CancellationToken.None);
        // A channel that was removed from the settings: given up at once, with the reason.
        await store.EnqueueAsync([new OutboxMessage("webhook:removed", "{}", "k-removed")], _clock.GetUtcNow(), CancellationToken.None);

        var sender = Sender(options);
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None)); // the receiver is down
        var dead = await store.DeadLettersAsync(10, CancellationToken.None);
        Assert.Equal("k-removed", Assert.Single(dead).IdempotencyKey);
        Assert.Contains("no longer configured", dead[0].Reason);

        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await sender.SendDueAsync(CancellationToken.None));
        dead = await store.DeadLettersAsync(10, CancellationToken.None);
        Assert.Equal(2, dead.Count);
        Assert.Contains(dead, d => d.Reason!.StartsWith("Undelivered after", StringComparison.Ordinal));
        Assert.Empty(await store.DueNotificationsAsync(_clock.GetUtcNow().AddDays(1), 10, CancellationToken.None));
    }

    [Fact]
    public void Text_people_wrote_cannot_format_link_or_mention_in_teams_or_slack()
    {
        var message = new AlertMessage("Firing", AlertSeverity.Critical, "<b>x</b> [click](http://evil) <!channel>", "a & b *bold*", "r", "v",
            new DateTimeOffset(2026, 11, 24, 2, 45, 0, TimeSpan.Zero), null);
        var teams = JsonDocument.Parse(NotificationComposer.Payload(WebhookFormat.Teams, message)).RootElement;
        Assert.DoesNotContain("<b>", teams.GetProperty("title").GetString());
        Assert.DoesNotContain("[click](", teams.GetProperty("title").GetString());
        Assert.Contains("\\*bold\\*", teams.GetProperty("text").GetString());
        var slack = JsonDocument.Parse(NotificationComposer.Payload(WebhookFormat.Slack, message)).RootElement.GetProperty("text").GetString()!;
        Assert.DoesNotContain("<!channel>", slack);
        Assert.Contains("&lt;!channel&gt;", slack);
        Assert.Contains("a &amp; b", slack);
    }
}

/// <summary>Every log line any component writes, at every level, for asserting what never appears in logs.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, Lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
