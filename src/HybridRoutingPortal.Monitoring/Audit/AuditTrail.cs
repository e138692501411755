using System.Text.Json;
using HybridRoutingPortal.Data;

namespace HybridRoutingPortal.Monitoring.Audit;

/// <summary>Writes the audit trail: a change someone made (with the subject before and after), or an attempt their roles refused.</summary>
public sealed class AuditTrail(AuditStore store, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public Task ChangedAsync(Actor actor, string action, string target, object? before, object? after, CancellationToken ct) =>
        store.AppendAsync(new AuditRecord(0, time.GetUtcNow(), actor.Name, actor.ObjectId, action, target, true, Serialize(before), Serialize(after)), ct);

    /// <summary>An attempt the person's roles did not allow: recorded with who and what, nothing changed.</summary>
    public Task RefusedAsync(Actor actor, string action, string target, CancellationToken ct) =>
        store.AppendAsync(new AuditRecord(0, time.GetUtcNow(), actor.Name, actor.ObjectId, action, target, false, null, null), ct);

    public Task<AuditPage> PageAsync(AuditQuery query, long? before, int limit, CancellationToken ct) => store.PageAsync(query, before, limit, ct);

    private static string? Serialize(object? value) => value is null ? null : JsonSerializer.Serialize(value, value.GetType(), Json);
}
