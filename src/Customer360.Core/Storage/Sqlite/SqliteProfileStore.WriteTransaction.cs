using Customer360.Core.Ingestion;
using Microsoft.Data.Sqlite;

namespace Customer360.Core.Storage.Sqlite;

public sealed partial class SqliteProfileStore
{
    /// <summary>A write transaction on the writer connection, for one batch or a group of them; disposed uncommitted, it rolls back.</summary>
    private sealed class WriteTransaction : IGroupTransaction
    {
        private readonly SqliteProfileStore _store;
        private readonly bool _appendToLog;
        private readonly FileStream? _live;
        private readonly SqliteTransaction _tx;
        private readonly BatchApplier.Run _run;
        private bool _committed;

        public WriteTransaction(SqliteProfileStore store, bool appendToLog)
        {
            var writer = store._writer ?? throw new InvalidOperationException("store not initialized");
            _store = store;
            _appendToLog = appendToLog;
            _live = appendToLog ? store.EnterLiveBatch() : null; // a replay's own batches are the rebuild
            SqliteTransaction? tx = null;
            try
            {
                tx = writer.BeginTransaction();
                _run = store._applier.Begin(store._session!.Begin(tx));
                _tx = tx;
            }
            catch
            {
                tx?.Dispose();
                _live?.Dispose();
                throw;
            }
        }

        public IReadOnlyList<IngestOutcome> Apply(IReadOnlyList<IngestItem> items) => _run.Apply(items, _appendToLog);

        public void Commit()
        {
            _run.SaveProfiles();
            _tx.Commit();
            _committed = true;
        }

        public void Dispose()
        {
            if (!_committed)
            {
                _store._session!.Discard(); // the cached profiles may hold the rolled-back changes
            }

            _tx.Dispose();
            _live?.Dispose();
        }
    }
}
