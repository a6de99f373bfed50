using Customer360.Core.Storage;
using Customer360.Core.Storage.Erasure;

namespace Customer360.Core.Ingestion;

/// <summary>
/// Erases a customer between batches: inside the write gate, so a replay (which reads the raw log in pages)
/// cannot project an event read just before its redaction; then live views are told to re-read.
/// </summary>
public sealed class ErasureService(IProfileStore store, WriteGate gate, ChangeFeed changes)
{
    public async Task<EraseResult?> EraseAsync(string tenantId, string customerId, string actor, CancellationToken cancellationToken)
    {
        EraseResult? result;
        using (await gate.EnterExclusiveAsync(cancellationToken))
        {
            result = await store.EraseCustomerAsync(tenantId, customerId, actor, cancellationToken);
        }

        if (result is not null)
        {
            changes.PublishAll();
        }

        return result;
    }
}
