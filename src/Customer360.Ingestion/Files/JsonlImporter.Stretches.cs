using Customer360.Core.Storage;

namespace Customer360.Ingestion.Files;

public sealed partial class JsonlImporter
{
    /// <summary>
    /// Events per stretch of an input that can be read again: one transaction each (IBulkWrite). The store harness
    /// on 2M telecom events: 40k events/s in transactions of 10,000, 70k/s in transactions of 40,000 (bench/README.md).
    /// </summary>
    public const int DefaultStretchEvents = 40_000;

    /// <summary>
    /// Writes the input in stretches of about `stretchEvents`, each one transaction, and holds no batch once it is
    /// applied: a stretch that fails is rolled back and read again from the input, not retried from memory. The next
    /// batch is parsed on a pool thread while one is applied. Returns null when everything is written, or where to
    /// resume batch by batch.
    /// </summary>
    private async Task<ResumeAt?> ImportStretchesAsync(Stream input, string origin, ImportCounts counts, IProgress<ImportProgress>? progress,
        int batchSize, int stretchEvents, CancellationToken cancellationToken)
    {
        var committed = new ResumeAt(0, 0);
        IBulkWrite? stretch = await ingestor.BeginBulkWriteAsync(cancellationToken);
        if (stretch is null)
        {
            return committed; // the store commits batch by batch
        }

        var inStretch = 0;
        Task<IngestItem[]>? parsing = null;
        try
        {
            JsonlBatch? parsed = null;
            await foreach (var batch in JsonlBatches.ReadAsync(input, origin, 0, batchSize, cancellationToken))
            {
                var next = Task.Run(() => IngestItem.ParseAll(parser, batch.Messages), cancellationToken);
                if (parsing is not null)
                {
                    await ApplyAsync(await parsing, parsed!, last: false);
                }

                (parsing, parsed) = (next, batch);
            }

            await ApplyAsync(await parsing!, parsed!, last: true); // the reader always ends with a batch
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            counts.DropPending();
            return committed with { Error = ex };
        }
        finally
        {
            if (stretch is not null)
            {
                await stretch.DisposeAsync(); // not committed: rolled back
            }

            if (parsing is { IsCompleted: false })
            {
                await parsing.ContinueWith(_ => { }, TaskScheduler.Default); // nothing left running on the input's batches
            }
        }

        async Task ApplyAsync(IngestItem[] items, JsonlBatch batch, bool last)
        {
            stretch ??= await ingestor.BeginBulkWriteAsync(cancellationToken)
                ?? throw new InvalidOperationException("the store stopped offering long transactions");
            counts.Pend(await stretch.ApplyAsync(items, cancellationToken));
            inStretch += items.Length;
            if (inStretch >= stretchEvents || last)
            {
                var ending = stretch;
                stretch = null; // committed or rolled back by CommitAsync
                await ending.CommitAsync(cancellationToken);
                counts.Commit(batch.EndOffset);
                committed = new ResumeAt(batch.EndOffset, batch.LastLine);
                inStretch = 0;
            }

            progress?.Report(counts.Progress with { BytesRead = batch.EndOffset });
        }
    }
}
