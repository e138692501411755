using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.E2E;

/// <summary>
/// A real loopback webhook receiver (Kestrel) that records every delivery's Idempotency-Key. It answers after a short,
/// varying pause, so a kill often lands between the app sending a notification and marking it delivered.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _mismatches = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Every idempotency key received, with how many times it came.</summary>
    public IReadOnlyDictionary<string, int> Keys => _keys;

    /// <summary>Deliveries whose header and body disagree about the key, or that carried none.</summary>
    public IReadOnlyCollection<string> Mismatches => _mismatches;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var header = request.Headers["Idempotency-Key"].ToString();
            using var body = await JsonDocument.ParseAsync(request.Body);
            var field = body.RootElement.TryGetProperty("idempotencyKey", out var k) ? k.GetString() : null;
            if (header.Length == 0 || field != header)
            {
                receiver._mismatches.Enqueue($"header '{header}', body '{field}'");
            }

            receiver._keys.AddOrUpdate(header, 1, (_, n) => n + 1);
            await Task.Delay(Random.Shared.Next(0, 150));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Urls.Single().TrimEnd('/') + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
