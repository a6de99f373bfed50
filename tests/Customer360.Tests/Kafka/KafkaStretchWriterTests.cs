using Confluent.Kafka;
using Customer360.Core.Events;
using Customer360.Core.Ingestion;
using Customer360.Core.Storage;
using Customer360.Ingestion.Kafka;

namespace Customer360.Tests.Kafka;

/// <summary>The Kafka writer's stretches: what commits together, what fails together, and when a batch lets its events go.</summary>
public sealed class KafkaStretchWriterTests
{
    private static readonly TopicPartition P0 = new("customer-events", 0);
    private static int _offset;

    private static KafkaBatch Batch(int records)
    {
        var batch = new KafkaBatch();
        for (var i = 0; i < records; i++)
        {
            var offset = Interlocked.Increment(ref _offset);
            batch.Add(new IngestItem(RawMessage.FromString("{}", "kafka", $"kafka:{offset}"), null, "test"), new TopicPartitionOffset(P0, offset));
        }

        return batch;
    }

    private static async Task PollUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    /// <summary>Three batches handed over while the first is being applied: they wait behind it.</summary>
    private static async Task<(KafkaStretchWriter Writer, Task Run, Task[] Writes, KafkaBatch[] Batches)> QueueThreeAsync(FakeIngestor ingestor, int maxEvents)
    {
        var writer = new KafkaStretchWriter(ingestor, maxEvents, batchesWaiting: 4, writesAtOnce: 4);
        var run = Task.Run(writer.RunAsync);
        var batches = new[] { Batch(10), Batch(10), Batch(10) };
        var writes = batches.Select(writer.Write).ToArray();
        await PollUntilAsync(() => ingestor.Applying);
        Assert.Equal(3, writer.Unapplied);
        ingestor.Release();
        return (writer, run, writes, batches);
    }

    [Fact]
    public async Task Batches_waiting_behind_each_other_commit_in_one_transaction_and_let_their_events_go_once_applied()
    {
        var ingestor = new FakeIngestor(bulk: true);
        var (writer, run, writes, batches) = await QueueThreeAsync(ingestor, maxEvents: 100);

        await Task.WhenAll(writes);
        Assert.Equal(["begin", "apply 10", "apply 10", "apply 10", "commit"], ingestor.Log);
        Assert.All(batches, b => Assert.Equal((0, 10), (b.Items.Count, b.Count))); // the offsets stay, the events are gone
        Assert.Equal(0, writer.Unapplied);
        writer.Complete();
        await run;
    }

    [Fact]
    public async Task A_stretch_ends_once_it_holds_the_most_events_a_transaction_takes()
    {
        var ingestor = new FakeIngestor(bulk: true);
        var (writer, run, writes, _) = await QueueThreeAsync(ingestor, maxEvents: 20);

        await Task.WhenAll(writes);
        Assert.Equal(["begin", "apply 10", "apply 10", "commit", "begin", "apply 10", "commit"], ingestor.Log);
        writer.Complete();
        await run;
    }

    [Fact]
    public async Task A_failed_apply_fails_every_batch_of_its_stretch_and_the_next_stretch_goes_on()
    {
        var ingestor = new FakeIngestor(bulk: true) { FailApply = 2 };
        var (writer, run, writes, _) = await QueueThreeAsync(ingestor, maxEvents: 20);

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[0]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        await writes[2];
        Assert.Equal(["begin", "apply 10", "rollback", "begin", "apply 10", "commit"], ingestor.Log);
        writer.Complete();
        await run;
    }

    [Fact]
    public async Task Without_long_transactions_each_batch_is_written_alone_and_keeps_its_events_until_then()
    {
        var ingestor = new FakeIngestor(bulk: false);
        var writer = new KafkaStretchWriter(ingestor, 100, batchesWaiting: 4, writesAtOnce: 4);
        var run = Task.Run(writer.RunAsync);
        var batches = new[] { Batch(10), Batch(5) };

        await Task.WhenAll(batches.Select(writer.Write));

        Assert.Equal(["begin (none)", "write 10", "write 5"], ingestor.Log.Order());
        Assert.All(batches, b => Assert.Equal(b.Count, b.Items.Count));
        Assert.Equal(0, writer.Unapplied);
        writer.Complete();
        await run;
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 5)]
    public async Task Batches_may_wait_up_to_the_waiting_bound_with_long_transactions_and_the_writes_at_once_without(bool bulk, int room)
    {
        var ingestor = new FakeIngestor(bulk);
        ingestor.Release();
        var writer = new KafkaStretchWriter(ingestor, 100, batchesWaiting: 2, writesAtOnce: 5);
        var run = Task.Run(writer.RunAsync);

        await writer.Write(Batch(1)); // the first write tells the writer which kind of store it has

        Assert.Equal(room, writer.MaxUnapplied);
        writer.Complete();
        await run;
    }

    /// <summary>Logs what the writer asks of it; the first apply waits for Release, and the n-th apply can fail.</summary>
    private sealed class FakeIngestor(bool bulk) : IEventIngestor
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _applies;

        public List<string> Log { get; } = [];

        public int FailApply { get; init; }

        public bool Applying { get; private set; }

        public void Release() => _release.SetResult();

        public Task<IReadOnlyList<IngestOutcome>> IngestAsync(IReadOnlyList<RawMessage> batch, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<IReadOnlyList<IngestOutcome>> WriteAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
        {
            lock (Log)
            {
                Log.Add($"write {items.Count}");
            }

            return Task.FromResult<IReadOnlyList<IngestOutcome>>([]);
        }

        public Task<IBulkWrite?> BeginBulkWriteAsync(CancellationToken cancellationToken)
        {
            Log.Add(bulk ? "begin" : "begin (none)");
            return Task.FromResult<IBulkWrite?>(bulk ? new Stretch(this) : null);
        }

        private sealed class Stretch(FakeIngestor owner) : IBulkWrite
        {
            private bool _ended;

            public async Task<IReadOnlyList<IngestOutcome>> ApplyAsync(IReadOnlyList<IngestItem> items, CancellationToken cancellationToken)
            {
                var n = ++owner._applies;
                if (n == 1)
                {
                    owner.Applying = true;
                    await owner._release.Task;
                }

                if (n == owner.FailApply)
                {
                    throw new InvalidOperationException("an apply that breaks its transaction");
                }

                owner.Log.Add($"apply {items.Count}");
                return [];
            }

            public Task CommitAsync(CancellationToken cancellationToken)
            {
                owner.Log.Add("commit");
                _ended = true;
                return Task.CompletedTask;
            }

            public ValueTask DisposeAsync()
            {
                if (!_ended)
                {
                    owner.Log.Add("rollback");
                    _ended = true;
                }

                return ValueTask.CompletedTask;
            }
        }
    }
}
