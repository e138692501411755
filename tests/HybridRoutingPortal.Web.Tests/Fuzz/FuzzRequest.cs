using System.Text;
using System.Text.Json;

namespace HybridRoutingPortal.Web.Tests.Fuzz;

/// <summary>One generated request, printable so a failure can be replayed by hand.</summary>
public sealed record FuzzRequest(string Method, string Url, FuzzBody? Body)
{
    public override string ToString() => Body is null ? $"{Method} {Short(Url)}" : $"{Method} {Short(Url)} {Body}";

    private static string Short(string url) => url.Length > 400 ? url[..400] + $"…({url.Length} chars)" : url;

    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is { } body)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body.Text));
            if (!string.IsNullOrEmpty(body.ContentType))
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            }
        }

        return message;
    }

    /// <summary>Builds the URL: path parameters substituted, query values appended (a key may repeat).</summary>
    public static string BuildUrl(string template, IEnumerable<(string Name, FuzzValue Value)> path, IEnumerable<(string Name, FuzzValue Value)> query)
    {
        var url = new StringBuilder(template);
        foreach (var (name, value) in path)
        {
            url.Replace("{" + name + "}", value.Encoded);
        }

        var separator = '?';
        foreach (var (name, value) in query)
        {
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(value.Encoded);
            separator = '&';
        }

        return url.ToString();
    }
}

/// <summary>What an answer must be, however bad the request: never a server error, and every client error a problem that says what was wrong.</summary>
public static class FuzzVerdict
{
    /// <summary>Null when the answer is acceptable, otherwise what is wrong with it.</summary>
    public static async Task<string?> CheckAsync(HttpResponseMessage response, bool requireProblem)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"answered {status}: {Excerpt(body)}";
        }

        if (!requireProblem || status < 400)
        {
            return null;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType != "application/problem+json")
        {
            return $"answered {status} as '{mediaType ?? "no content type"}', not application/problem+json: {Excerpt(body)}";
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return NonEmpty(problem, "title") && NonEmpty(problem, "detail") ? null : $"answered {status} with a problem lacking a title or detail: {Excerpt(body)}";
        }
        catch (JsonException)
        {
            return $"answered {status} with a problem that is not JSON: {Excerpt(body)}";
        }
    }

    private static bool NonEmpty(JsonElement problem, string name) =>
        problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString());

    private static string Excerpt(string body) => body.Length > 300 ? body[..300] + "…" : body;
}
