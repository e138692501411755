using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using HybridRoutingPortal.Core;

namespace HybridRoutingPortal.Azure.Arm;

/// <summary>
/// A small ARM REST client on Azure.Core's <see cref="HttpPipeline"/>: bearer tokens from
/// Azure.Identity, retries with exponential backoff honouring Retry-After (Azure.Core's retry policy),
/// a per-request timeout, nextLink paging and long-running POST operations (202 + Location or
/// Azure-AsyncOperation) polled until a terminal state or an overall deadline.
/// </summary>
public sealed class ArmClient
{
    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly AzureSourceOptions _options;
    private readonly TimeProvider _time;

    public ArmClient(AzureSourceOptions options, TokenCredential? credential, TimeProvider time, HttpPipelineTransport? transport = null, ArmRequestPacer? pacer = null)
    {
        _options = options;
        _time = time;
        _endpoint = new Uri(options.ArmEndpoint.TrimEnd('/') + "/");
        Pacer = pacer ?? new ArmRequestPacer(time, options.Pacing);
        // Never log request/response content or headers beyond Azure.Core's safe defaults (no Authorization).
        var clientOptions = AzureClientDefaults.Configure(new ArmClientOptions(), options, transport);

        // Per attempt, retries included: pace against ARM's budgets, then authenticate.
        HttpPipelinePolicy[] perRetry = credential is null
            ? [new ArmPacingPolicy(Pacer)]
            : [new ArmPacingPolicy(Pacer), new BearerTokenAuthenticationPolicy(credential, Scope(_endpoint))];
        _pipeline = HttpPipelineBuilder.Build(clientOptions, [], perRetry, new ResponseClassifier());
    }

    /// <summary>Paces requests against ARM's throttling budgets and remembers what ARM reported of them.</summary>
    public ArmRequestPacer Pacer { get; }

    /// <summary>The token scope of an ARM endpoint: the endpoint's root plus "/.default".</summary>
    public static string Scope(Uri endpoint) => $"{endpoint.GetLeftPart(UriPartial.Authority)}/.default";

    public Task<T> GetAsync<T>(string pathAndQuery, string operation, CancellationToken cancellationToken) =>
        SendAsync<T>(RequestMethod.Get, Resolve(pathAndQuery), null, operation, cancellationToken);

    /// <summary>Every item of a list, following nextLink as-is until it is missing.</summary>
    public async Task<IReadOnlyList<T>> ListAsync<T>(string pathAndQuery, string operation, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        Uri? next = Resolve(pathAndQuery);
        var pages = 0;
        while (next is not null)
        {
            if (++pages > 1000)
            {
                throw ArmFailure.Malformed(operation, "more than 1,000 pages; the nextLink chain does not end.");
            }

            var page = await SendAsync<ArmList<T>>(RequestMethod.Get, next, null, operation, cancellationToken);
            items.AddRange(page.Value.Where(v => v is not null));
            next = string.IsNullOrEmpty(page.NextLink) ? null : Followed(page.NextLink, "nextLink", operation);
        }

        return items;
    }

    public Task<T> PostAsync<T>(string pathAndQuery, object body, string operation, CancellationToken cancellationToken) =>
        SendAsync<T>(RequestMethod.Post, Resolve(pathAndQuery), JsonSerializer.SerializeToUtf8Bytes(body, ArmJson.Options), operation, cancellationToken);

    /// <summary>
    /// A long-running POST action. 200 answers at once; 202 carries Location and/or
    /// Azure-AsyncOperation: the status URL is polled until Succeeded, Failed or Canceled, then the
    /// result is read from Location (these actions' final state is "via location" in the specs); a
    /// Location-only operation is polled until it answers 200. An operation that ends without a result
    /// to read — no body, or Succeeded without a Location — is malformed, never an empty answer.
    /// </summary>
    public async Task<T> PostLongRunningAsync<T>(string pathAndQuery, string operation, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = new CancellationTokenSource(_options.OperationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await RunOperationAsync<T>(Resolve(pathAndQuery), operation, linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CollectionException(FailureReason.Timeout,
                $"{operation} did not complete within {_options.OperationTimeout.TotalSeconds:0} s (Azure:OperationTimeout).");
        }
    }

    private async Task<T> RunOperationAsync<T>(Uri uri, string operation, CancellationToken ct)
        where T : class
    {
        var first = await RawAsync(RequestMethod.Post, uri, [], operation, ct);
        if (first.Status == 200)
        {
            return Parse<T>(first, operation);
        }

        if (first.Status is not (201 or 202))
        {
            throw Fail(first, operation);
        }

        var asyncOperation = Header(first, "Azure-AsyncOperation");
        var location = Header(first, "Location");
        var wait = RetryAfter(first);
        if (asyncOperation is null && location is null)
        {
            throw ArmFailure.Malformed(operation, "202 Accepted without a Location or Azure-AsyncOperation header.");
        }

        if (asyncOperation is not null)
        {
            while (true)
            {
                await DelayAsync(wait, ct);
                var status = await RawAsync(RequestMethod.Get, Followed(asyncOperation, "Azure-AsyncOperation", operation), null, operation, ct);
                wait = RetryAfter(status);
                if (status.Status is 201 or 202)
                {
                    continue;
                }

                if (status.Status != 200)
                {
                    throw Fail(status, operation);
                }

                var state = StatusOf(status, operation);
                if (state is null)
                {
                    // The gateway actions' status URL may answer with the result itself, without a status field.
                    return Parse<T>(status, operation);
                }

                if (state.Status.Equals("Succeeded", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }

                if (state.Status.Equals("Failed", StringComparison.OrdinalIgnoreCase) || state.Status.Equals("Canceled", StringComparison.OrdinalIgnoreCase))
                {
                    throw new CollectionException(FailureReason.OperationFailed,
                        $"{operation} ended {state.Status} in Azure{(state.Error is { } e ? $": {e.Code}: {e.Message}" : ".")}");
                }
            }

            if (location is null)
            {
                throw ArmFailure.Malformed(operation,
                    "the operation succeeded, but ARM gave no Location header to read its result from (the result of these actions is read via Location).");
            }

            wait = TimeSpan.Zero;
        }

        while (true)
        {
            await DelayAsync(wait, ct);
            var result = await RawAsync(RequestMethod.Get, Followed(location!, "Location", operation), null, operation, ct);
            if (result.Status == 200)
            {
                return Parse<T>(result, operation);
            }

            if (result.Status is not (201 or 202))
            {
                throw Fail(result, operation);
            }

            location = Header(result, "Location") ?? location;
            wait = RetryAfter(result);
        }
    }

    /// <summary>
    /// A link ARM gave (nextLink, Location, Azure-AsyncOperation), followed only when it points back at the ARM
    /// endpoint itself: the request carries the ARM token, which must never go to another host.
    /// </summary>
    private Uri Followed(string link, string what, string operation)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri))
        {
            throw ArmFailure.Malformed(operation, $"its {what} is not an absolute URL.");
        }

        if (!uri.Scheme.Equals(_endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            || !uri.Host.Equals(_endpoint.Host, StringComparison.OrdinalIgnoreCase) || uri.Port != _endpoint.Port)
        {
            throw ArmFailure.Malformed(operation,
                $"its {what} points at {uri.Scheme}://{uri.Authority}, not at the ARM endpoint {_endpoint.GetLeftPart(UriPartial.Authority)}; it is not followed (the request would carry the ARM token).");
        }

        return uri;
    }

    /// <summary>The status body of an Azure-AsyncOperation URL, or null when the body has no status field at all.</summary>
    private static OperationStatus? StatusOf(ArmResponse response, string operation)
    {
        try
        {
            using var document = JsonDocument.Parse(response.Content.ToMemory());
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw ArmFailure.Malformed(operation, $"the operation status is a JSON {document.RootElement.ValueKind}, not an object.");
            }

            return document.RootElement.TryGetProperty("status", out _) || document.RootElement.TryGetProperty("Status", out _)
                ? document.RootElement.Deserialize<OperationStatus>(ArmJson.Options)
                : null;
        }
        catch (JsonException ex)
        {
            throw ArmFailure.Malformed(operation, FirstLine(ex.Message), ex);
        }
    }

    private async Task<T> SendAsync<T>(RequestMethod method, Uri uri, byte[]? body, string operation, CancellationToken ct)
    {
        var response = await RawAsync(method, uri, body, operation, ct);
        if (response.Status != 200)
        {
            throw Fail(response, operation);
        }

        return Parse<T>(response, operation);
    }

    private async Task<ArmResponse> RawAsync(RequestMethod method, Uri uri, byte[]? body, string operation, CancellationToken ct)
    {
        using var span = ArmTelemetry.Start(method.Method, uri);
        try
        {
            var response = await SendThroughPipelineAsync(method, uri, body, operation, ct);
            ArmTelemetry.Answered(span, response.Status);
            return response;
        }
        catch (Exception ex)
        {
            ArmTelemetry.Failed(span, ex);
            throw;
        }
    }

    private async Task<ArmResponse> SendThroughPipelineAsync(RequestMethod method, Uri uri, byte[]? body, string operation, CancellationToken ct)
    {
        using var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(uri);
        request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            request.Headers.Add("Content-Type", "application/json");
            request.Content = RequestContent.Create(body);
        }

        try
        {
            await _pipeline.SendAsync(message, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            throw Unreachable(operation, ex.Message, ex);
        }
        catch (AggregateException) when (ct.IsCancellationRequested)
        {
            // Our own token ended the retries (the caller cancelled, or the operation deadline passed).
            throw new OperationCanceledException(ct);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.OfType<CollectionException>().FirstOrDefault() is { } known)
        {
            throw known;
        }
        catch (AggregateException ex)
        {
            // Azure.Core's retry policy gives up on network errors and timeouts with an AggregateException of its tries.
            if (ex.InnerExceptions.Any(e => e is TaskCanceledException))
            {
                throw new CollectionException(FailureReason.Timeout,
                    $"{operation}: no answer within {_options.RequestTimeout.TotalSeconds:0} s (Azure:RequestTimeout), after {_options.MaxRetries} retries.", ex);
            }

            throw Unreachable(operation, ex.InnerExceptions[^1].Message, ex);
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new CollectionException(FailureReason.Timeout,
                $"{operation}: no answer within {_options.RequestTimeout.TotalSeconds:0} s (Azure:RequestTimeout), after retries.", ex);
        }
        catch (AuthenticationFailedException ex)
        {
            throw new CollectionException(FailureReason.Unauthorized, $"Could not get a token for ARM: {FirstLine(ex.Message)}", ex);
        }

        var response = message.Response;
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in new[] { "Location", "Azure-AsyncOperation", "Retry-After" })
        {
            if (response.Headers.TryGetValue(name, out var value))
            {
                headers[name] = value;
            }
        }

        return new ArmResponse(response.Status, response.Content, headers, method.Method, uri);
    }

    /// <summary>What the collectors need of a response, detached from the pipeline message.</summary>
    private sealed record ArmResponse(int Status, BinaryData Content, IReadOnlyDictionary<string, string> Headers, string Method, Uri Uri);

    private CollectionException Unreachable(string operation, string message, Exception inner) =>
        new(FailureReason.Network, $"ARM endpoint {_endpoint.Authority} could not be reached for {operation} (after {_options.MaxRetries} retries): {FirstLine(message)}", inner);

    private Uri Resolve(string pathAndQuery) =>
        Uri.TryCreate(pathAndQuery, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? absolute
            : new Uri(_endpoint, pathAndQuery.TrimStart('/'));

    private static T Parse<T>(ArmResponse response, string operation)
    {
        var content = response.Content.ToMemory();
        if (content.IsEmpty || content.Span.Trim(" \r\n\t"u8).IsEmpty)
        {
            throw ArmFailure.Malformed(operation, "the answer has no body.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(content.Span, ArmJson.Options)
                ?? throw ArmFailure.Malformed(operation, "the body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw ArmFailure.Malformed(operation, FirstLine(ex.Message), ex);
        }
    }

    private static CollectionException Fail(ArmResponse response, string operation)
    {
        ArmError? error = null;
        try
        {
            error = JsonSerializer.Deserialize<ArmErrorResponse>(response.Content.ToMemory().Span, ArmJson.Options)?.Error;
        }
        catch (JsonException)
        {
        }

        return ArmFailure.FromStatus(response.Status, operation, error, RetryAfter(response), ArmOperations.Find(response.Method, response.Uri.AbsolutePath));
    }

    private static string? Header(ArmResponse response, string name) =>
        response.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    private static TimeSpan RetryAfter(ArmResponse response)
    {
        if (response.Headers.TryGetValue("Retry-After", out var value))
        {
            if (int.TryParse(value, out var seconds))
            {
                return TimeSpan.FromSeconds(Math.Clamp(seconds, 0, 60));
            }

            if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromSeconds(60) ? TimeSpan.FromSeconds(60) : wait;
            }
        }

        return TimeSpan.FromSeconds(1);
    }

    private Task DelayAsync(TimeSpan wait, CancellationToken ct) =>
        wait <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(wait, _time, ct);

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private sealed class ArmClientOptions : ClientOptions;
}
