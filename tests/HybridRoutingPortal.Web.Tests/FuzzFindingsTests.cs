using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace HybridRoutingPortal.Web.Tests;

/// <summary>What the fuzz suite found, pinned as plain examples so they stay fixed whatever the generator draws.</summary>
public sealed class FuzzFindingsTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> AnyVantageAsync() =>
        (await _client.GetFromJsonAsync<JsonElement>("/api/v1/vantage-points"))[0].GetProperty("id").GetString()!;

    [Fact]
    public async Task An_imported_id_that_differs_only_by_spaces_from_one_stored_or_one_in_the_file_gets_a_fresh_id()
    {
        var vantage = await AnyVantageAsync();
        var created = await _client.PostAsJsonAsync("/api/v1/expectations", new { name = "stored", prefix = "10.96.0.0/24", vantageIds = new[] { vantage } });
        var stored = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        object Entry(string id) => new { id, name = "imported", prefix = "10.95.0.0/24", vantageIds = new[] { vantage }, source = "User" };
        var response = await _client.PostAsJsonAsync("/api/v1/expectations/import", new[] { Entry($"  {stored}  "), Entry("user:twice"), Entry(" user:twice ") });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("imported").GetInt32());
        var ids = (await _client.GetFromJsonAsync<JsonElement>("/api/v1/expectations")).EnumerateArray()
            .Where(e => e.GetProperty("name").GetString() == "imported").Select(e => e.GetProperty("id").GetString()).ToArray();
        Assert.Equal(3, ids.Distinct().Count());
        Assert.Contains("user:twice", ids);
    }

    [Theory]
    [InlineData("GET", "/api/v1/alerts/1.5", null, 404)]
    [InlineData("GET", "/api/v1/no-such-thing", null, 404)]
    [InlineData("DELETE", "/api/v1/expectations/", null, 405)]
    [InlineData("POST", "/api/v1/expectations", "text/plain", 415)]
    public async Task A_request_no_endpoint_takes_is_still_a_problem_that_says_what_to_change(string method, string url, string? contentType, int status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (contentType is not null)
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, contentType);
        }

        var response = await _client.SendAsync(request);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }
}
