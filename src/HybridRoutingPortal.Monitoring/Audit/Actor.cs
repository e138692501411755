namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>
/// Who acts: a person's display name and their identity provider's stable id, both from their token (never from a
/// form field or a request body). Local mode has one person, <see cref="LocalUser"/>.
/// </summary>
public sealed record Actor(string Name, string? ObjectId)
{
    public static Actor LocalUser { get; } = new("local user", null);

    /// <summary>How records and pages name the person: the name, and the id when there is one.</summary>
    public override string ToString() => ObjectId is null ? Name : $"{Name} ({ObjectId})";
}
