namespace TestIssuer;

/// <summary>A person the test issuer knows: their login, display name, Entra-style object id and app roles.</summary>
public sealed record TestUser(string Login, string Name, string ObjectId, IReadOnlyList<string> Roles);

/// <summary>The people and the portal's app registration as the test issuer knows them.</summary>
public static class TestUsers
{
    public const string Password = "correct horse";

    public const string PortalClientId = "hybrid-routing-portal";
    public const string PortalClientSecret = "portal-test-secret";

    public const string ViewerRole = "HybridRouting.Viewer";
    public const string OperatorRole = "HybridRouting.Operator";
    public const string AdminRole = "HybridRouting.Admin";

    public static TestUser Viewer { get; } = new("vera", "Vera Viewer", "5b0e8f3c-1a2d-4c6e-9f10-aa0000000001", [ViewerRole]);

    public static TestUser Operator { get; } = new("otto", "Otto Operator", "5b0e8f3c-1a2d-4c6e-9f10-aa0000000002", [OperatorRole]);

    public static TestUser Admin { get; } = new("ada", "Ada Admin", "5b0e8f3c-1a2d-4c6e-9f10-aa0000000003", [AdminRole]);

    /// <summary>Signed in, but assigned none of the portal's roles.</summary>
    public static TestUser Nobody { get; } = new("nora", "Nora Norole", "5b0e8f3c-1a2d-4c6e-9f10-aa0000000004", []);

    public static IReadOnlyList<TestUser> All { get; } = [Viewer, Operator, Admin, Nobody];

    public static TestUser? Find(string? login) => All.FirstOrDefault(u => string.Equals(u.Login, login?.Trim(), StringComparison.OrdinalIgnoreCase));
}
