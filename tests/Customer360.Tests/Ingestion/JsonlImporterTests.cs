using System.Text;
using Customer360.Cli.Commands;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Ingestion.Files;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Customer360.Tests.Ingestion;

/// <summary>
/// The import of a file in stretches (one transaction each, IBulkWrite) against a real SQLite store: every event is
/// written and counted once, whether a stretch commits, fails, or is cancelled.
/// </summary>
public sealed class JsonlImporterTests
{
    private const int Batch = 10;
    private const int Stretch = 30; // three batches

    private static string Recharge(int i) =>
        $$"""{"event_id":"e{{i}}","source":"in","customer_id":"c{{i % 7}}","event_type":"recharge","timestamp":"2024-01-15T10:00:{{i % 60:00}}Z","value":{{i}}}""";

    /// <summary>Events e0..e99, with a malformed line inserted at the 0-based `badAt` (so on line badAt + 1).</summary>
    private static List<string> Lines(int badAt)
    {
        var lines = Enumerable.Range(0, 100).Select(Recharge).ToList();
        lines.Insert(badAt, "{not json");
        return lines;
    }

    private static MemoryStream Input(IEnumerable<string> lines) => new(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));

    private static Task<LocalStore> OpenAsync() =>
        LocalStore.OpenAsync(Path.Combine(Directory.CreateTempSubdirectory("c360-import-").FullName, "c.db"), default);

    private static Task<ImportProgress> ImportAsync(LocalStore local, IEventIngestor ingestor, Stream input,
        ILogger<JsonlImporter>? logger = null, CancellationToken ct = default) =>
        new JsonlImporter(ingestor, local.Parser, logger).ImportAsync(input, "f.jsonl", input.CanSeek ? input.Length : 0, null, ct, Batch, Stretch);

    private static async Task AssertEveryEventOnceAsync(LocalStore local, string badOrigin)
    {
        var stats = await local.Store.GetStatsAsync(default);
        Assert.Equal(100, stats.Events);
        Assert.Equal(7, stats.Customers);
        var c0 = await local.Store.GetProfileAsync("default", "c0", default);
        Assert.Equal(15, c0!.Profile.EventCount); // e0, e7, ..., e98
        var letter = Assert.Single(await local.Store.ListDeadLettersAsync(10, null, default));
        Assert.Equal(badOrigin, letter.Origin);
    }

    [Fact]
    public async Task A_file_is_committed_in_stretches_and_each_event_is_counted_once()
    {
        await using var local = await OpenAsync();
        var lines = Lines(badAt: 50);
        lines.Add(Recharge(5)); // a redelivery
        var ingestor = new RecordingIngestor(local.Services.GetRequiredService<IEventIngestor>());

        var result = await ImportAsync(local, ingestor, Input(lines));

        Assert.Equal((100, 1, 1), (result.Accepted, result.Duplicates, result.Rejected));
        await AssertEveryEventOnceAsync(local, "f.jsonl:51");
        // 102 lines: batches of 10 and a last one of 2; stretches end past 30 events and at the end.
        Assert.Equal((4, 4, 11, 0), (ingestor.Stretches, ingestor.Commits, ingestor.Applies, ingestor.Batches));
    }

    [Fact]
    public async Task A_stretch_that_fails_is_rolled_back_and_the_rest_is_written_batch_by_batch_with_its_line_numbers()
    {
        await using var local = await OpenAsync();
        // The 5th batch fails to apply: the second stretch (batches 4-6, lines 31-60, the malformed one among them)
        // rolls back, and writing resumes from line 31.
        var ingestor = new RecordingIngestor(local.Services.GetRequiredService<IEventIngestor>()) { FailApply = 5 };
        var log = new ListLogger();

        var result = await ImportAsync(local, ingestor, Input(Lines(badAt: 35)), logger: log);

        Assert.Equal((100, 0, 1), (result.Accepted, result.Duplicates, result.Rejected));
        await AssertEveryEventOnceAsync(local, "f.jsonl:36");
        var metrics = local.Services.GetRequiredService<IngestMetrics>().ToPrometheusText();
        Assert.Contains("""c360_events_total{source="file",dialect="telecom",outcome="accepted"} 100""", metrics, StringComparison.Ordinal);
        Assert.Equal((2, 1, 5), (ingestor.Stretches, ingestor.Commits, ingestor.Applies));
        Assert.Equal(8, ingestor.Batches); // lines 31-101: seven batches of 10 and a last one of 1
        var warning = Assert.Single(log.Entries);
        Assert.Contains("batch by batch from line 31", warning, StringComparison.Ordinal);
        Assert.Contains("an apply that breaks its transaction", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_input_that_cannot_be_read_again_is_written_batch_by_batch()
    {
        await using var local = await OpenAsync();
        var ingestor = new RecordingIngestor(local.Services.GetRequiredService<IEventIngestor>());

        var result = await ImportAsync(local, ingestor, new ForwardOnlyStream(Input(Lines(badAt: 0))));

        Assert.Equal((100, 0, 1), (result.Accepted, result.Duplicates, result.Rejected));
        await AssertEveryEventOnceAsync(local, "f.jsonl:1");
        Assert.Equal((0, 11), (ingestor.Stretches, ingestor.Batches));
    }

    [Fact]
    public async Task A_cancelled_import_keeps_its_committed_stretches_and_a_rerun_adds_the_rest_once()
    {
        await using var local = await OpenAsync();
        using var cancel = new CancellationTokenSource();
        var ingestor = new RecordingIngestor(local.Services.GetRequiredService<IEventIngestor>()) { CancelAtApply = (5, cancel) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ImportAsync(local, ingestor, Input(Lines(badAt: 99)), ct: cancel.Token));

        Assert.Equal(30, (await local.Store.GetStatsAsync(default)).Events); // the first stretch; the second rolled back
        var rerun = await ImportAsync(local, local.Services.GetRequiredService<IEventIngestor>(), Input(Lines(badAt: 99)));
        Assert.Equal((70, 30, 1), (rerun.Accepted, rerun.Duplicates, rerun.Rejected));
        await AssertEveryEventOnceAsync(local, "f.jsonl:100");
    }

    /// <summary>The real ingestor, counting its calls; it can fail or cancel the n-th batch applied in a stretch.</summary>
    private sealed class RecordingIngestor(IEventIngestor inner) : IEventIngestor
    {
        public int Stretches, Commits, Applies, Batches;

        public int FailApply { get; init; }

        public (int Apply, CancellationTokenSource Source)? CancelAtApply { get; init; }

        public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Batches);
            return inner.IngestAsync(batch, cancellationToken);
        }

        public Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Batches);
            return inner.WriteAsync(items, cancellationToken);
        }

        public async Task<IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken)
        {
            var stretch = await inner.BeginBulkWriteAsync(cancellationToken);
            Interlocked.Increment(ref Stretches);
            return new Recording(this, stretch!);
        }

        private sealed class Recording(RecordingIngestor owner, IBulkWrite inner) : IBulkWrite
        {
            public Task<IReadOnlyList<IngestOutcome>> ApplyAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
            {
                var n = Interlocked.Increment(ref owner.Applies);
                if (n == owner.FailApply)
                {
                    throw new InvalidOperationException("an apply that breaks its transaction");
                }

                if (owner.CancelAtApply is { } cancel && n == cancel.Apply)
                {
                    cancel.Source.Cancel();
                }

                return inner.ApplyAsync(items, cancellationToken);
            }

            public Task CommitAsync(CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner.Commits);
                return inner.CommitAsync(cancellationToken);
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    /// <summary>Keeps each entry's message and exception.</summary>
    private sealed class ListLogger : ILogger<JsonlImporter>
    {
        public List<string> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add($"{logLevel}: {formatter(state, exception)} {exception?.Message}");
    }

    /// <summary>Like stdin or a pipe: read once, front to back.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
