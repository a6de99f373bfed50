using Customer360.Core.Profiles;

namespace Customer360.Core.Storage.Sqlite;

/// <summary>
/// The profiles the single SQLite writer committed last, so a batch need not read back what the previous one
/// wrote. Only valid while nobody else writes the file: the store drops it when SQLite's data_version says
/// another connection committed, when a batch fails (its objects were half-applied), and on a reset.
/// </summary>
internal sealed class ProfileCache(int capacity)
{
    private readonly Dictionary<(string Tenant, string Id), LinkedListNode<CustomerProfile>> _index = [];
    private readonly LinkedList<CustomerProfile> _recent = new();

    public bool TryGet(string tenantId, string id, out CustomerProfile profile)
    {
        if (_index.TryGetValue((tenantId, id), out var node))
        {
            _recent.Remove(node);
            _recent.AddFirst(node);
            profile = node.Value;
            return true;
        }

        profile = null!;
        return false;
    }

    public void Put(CustomerProfile profile)
    {
        var key = (profile.TenantId, profile.Id);
        if (_index.TryGetValue(key, out var existing))
        {
            // Moved to the front as it is (a node per save was a tenth of what a mixed batch allocated on the writer).
            _recent.Remove(existing);
            existing.Value = profile;
            _recent.AddFirst(existing);
            return;
        }

        _index[key] = _recent.AddFirst(profile);
        if (_index.Count > capacity)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _index.Remove((oldest.Value.TenantId, oldest.Value.Id));
        }
    }

    public void Remove(string tenantId, string id)
    {
        if (_index.Remove((tenantId, id), out var node))
        {
            _recent.Remove(node);
        }
    }

    public void Clear()
    {
        _index.Clear();
        _recent.Clear();
    }
}
