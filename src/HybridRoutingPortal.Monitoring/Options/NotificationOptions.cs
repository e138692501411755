namespace HybridRoutingPortal.Monitoring.Options;

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

    /// <summary>Holds the webhook's secret (Slack and Teams put it in the path): read from configuration, never logged.</summary>
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

    /// <summary>How long a notification is retried before it becomes a dead letter (kept, with its reason, on the Alerts page).</summary>
    public TimeSpan DeadLetterAfter { get; set; } = TimeSpan.FromHours(24);
}
