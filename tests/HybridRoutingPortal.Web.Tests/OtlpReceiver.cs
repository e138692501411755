using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>
/// A real OTLP/HTTP receiver on a loopback port, as a collector listens on 4318: it takes protobuf export requests at
/// /v1/traces, /v1/metrics and /v1/logs, answers 200 with an empty export response, and keeps every body.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Signal, byte[] Body)> _exports = new();
    private readonly List<(string Signal, string[] Needles, TaskCompletionSource Seen)> _waits = [];
    private readonly Lock _gate = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The content types the exporter sent (it must speak protobuf).</summary>
    public ConcurrentQueue<string> ContentTypes { get; } = new();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context, string signal)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        ContentTypes.Enqueue(context.Request.ContentType ?? "");
        _exports.Enqueue((signal, body.ToArray()));
        lock (_gate)
        {
            foreach (var wait in _waits.Where(w => w.Signal == signal && Contains(signal, w.Needles)))
            {
                wait.Seen.TrySetResult();
            }
        }

        context.Response.ContentType = "application/x-protobuf";
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Every body received for a signal ("traces", "metrics", "logs").</summary>
    public IReadOnlyList<byte[]> Bodies(string signal) => [.. _exports.Where(e => e.Signal == signal).Select(e => e.Body)];

    /// <summary>Whether the bodies of a signal, taken together, hold every one of these strings (protobuf keeps strings as UTF-8).</summary>
    public bool Contains(string signal, params string[] needles) =>
        needles.All(n => Bodies(signal).Any(b => b.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(n)) >= 0));

    /// <summary>Completes once the bodies of a signal hold every one of these strings.</summary>
    public Task WhenReceivedAsync(string signal, params string[] needles)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _waits.Add((signal, needles, seen));
            if (Contains(signal, needles))
            {
                seen.TrySetResult();
            }
        }

        return seen.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
