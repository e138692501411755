using System.Net.Mail;
using HybridRoutingPortal.Monitoring.Options;
using Microsoft.Extensions.Options;

namespace HybridRoutingPortal.Web.Options;

/// <summary>
/// Notification channels that could never deliver stop start-up with a message, instead of failing in the
/// background later. Messages name the channel, never its URL (webhook URLs carry their secret).
/// </summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var errors = new List<string>();
        foreach (var (hook, i) in options.Webhooks.Select((h, i) => (h, i)))
        {
            var key = $"Notifications:Webhooks:{i} ('{hook.Name}')";
            if (string.IsNullOrWhiteSpace(hook.Name))
            {
                errors.Add($"Notifications:Webhooks:{i}:Name is required.");
            }

            if (!Uri.TryCreate(hook.Url, UriKind.Absolute, out var url) || string.IsNullOrEmpty(url.Host)
                || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
            {
                errors.Add($"{key}: Url must be an absolute https URL (http only for a loopback receiver).");
            }

            if (!Enum.IsDefined(hook.Format))
            {
                errors.Add($"{key}: Format is Generic, Teams or Slack.");
            }
        }

        if (options.Webhooks.Select(h => h.Name).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            errors.Add($"Notifications:Webhooks: the name '{duplicate.Key}' is used twice; each channel needs its own name.");
        }

        if (options.Smtp is { Host.Length: > 0 } smtp)
        {
            if (!MailAddress.TryCreate(smtp.From, out _))
            {
                errors.Add("Notifications:Smtp:From is not an e-mail address.");
            }

            if (smtp.To.Count == 0)
            {
                errors.Add("Notifications:Smtp:To names no recipient.");
            }

            foreach (var (to, i) in smtp.To.Select((t, i) => (t, i)))
            {
                if (!MailAddress.TryCreate(to, out _))
                {
                    errors.Add($"Notifications:Smtp:To:{i} is not an e-mail address.");
                }
            }

            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add("Notifications:Smtp:Port must be between 1 and 65535.");
            }
        }

        if (options.PortalUrl is { Length: > 0 } portal && !Uri.TryCreate(portal, UriKind.Absolute, out _))
        {
            errors.Add("Notifications:PortalUrl must be an absolute URL.");
        }

        if (options.SendInterval <= TimeSpan.Zero || options.MaxBackoff <= TimeSpan.Zero)
        {
            errors.Add("Notifications:SendInterval and MaxBackoff must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
