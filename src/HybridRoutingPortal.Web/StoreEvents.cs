namespace HybridRoutingPortal.Web;

/// <summary>Tells open pages that new polls were stored, so they refresh over their circuit.</summary>
public sealed class StoreEvents
{
    public event Action? Stored;

    public void RaiseStored() => Stored?.Invoke();
}
