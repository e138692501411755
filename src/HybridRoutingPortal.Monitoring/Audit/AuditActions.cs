namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>The audit trail's action names: stable, filterable, documented in docs/auth.md.</summary>
public static class AuditActions
{
    public const string Acknowledge = "alert.acknowledge";
    public const string Silence = "alert.silence";
    public const string CreateExpectation = "expectation.create";
    public const string DeleteExpectation = "expectation.delete";
    public const string ImportExpectations = "expectation.import";
    public const string SendTestNotification = "notification.test";

    public static IReadOnlyList<string> All { get; } =
        [Acknowledge, Silence, CreateExpectation, DeleteExpectation, ImportExpectations, SendTestNotification];
}
