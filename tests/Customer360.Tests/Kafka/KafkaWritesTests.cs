using Confluent.Kafka;
using Customer360.Core.Events;
using Customer360.Core.Storage;
using Customer360.Ingestion.Kafka;

namespace Customer360.Tests.Kafka;

public sealed class KafkaWritesTests
{
    private static readonly TopicPartition P0 = new("customer-events", 0);
    private static readonly TopicPartition P1 = new("customer-events", 1);

    private static KafkaBatch Batch(params (TopicPartition Partition, long From, long To)[] ranges)
    {
        var batch = new KafkaBatch();
        foreach (var (partition, from, to) in ranges)
        {
            for (var offset = from; offset <= to; offset++)
            {
                batch.Add(new IngestItem(RawMessage.FromString("{}", "kafka", $"kafka:{partition}@{offset}"), null, "test"), new TopicPartitionOffset(partition, offset));
            }
        }

        return batch;
    }

    private static void Store(List<TopicPartitionOffset> stored, TopicPartitionOffset next) => stored.Add(next);

    [Fact]
    public void Offsets_are_stored_in_order_only_once_every_earlier_write_returned()
    {
        var writes = new KafkaWrites();
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();
        var third = new TaskCompletionSource();
        writes.Add(first.Task, Batch((P0, 0, 9), (P1, 0, 4)));
        writes.Add(second.Task, Batch((P0, 10, 19)));
        writes.Add(third.Task, Batch((P1, 5, 9)));
        var stored = new List<TopicPartitionOffset>();

        second.SetResult(); // a later write returning first stores nothing: the crash-safe point is the oldest unfinished batch
        Assert.Null(writes.Settle(waitForOne: false, Store, stored));
        Assert.Empty(stored);
        Assert.Equal(3, writes.Count);

        first.SetResult();
        Assert.Null(writes.Settle(waitForOne: false, Store, stored));
        Assert.Equal(
            [new(P0, 10), new(P1, 5), new(P0, 20)],
            stored);
        Assert.Equal(1, writes.Count);

        third.SetResult();
        Assert.Null(writes.Settle(waitForOne: false, Store, stored));
        Assert.Equal(new TopicPartitionOffset(P1, 10), stored[^1]);
        Assert.Equal(0, writes.Count);
    }

    [Fact]
    public async Task Waiting_for_one_returns_once_the_oldest_write_did_and_stores_its_offsets()
    {
        var writes = new KafkaWrites();
        var oldest = new TaskCompletionSource();
        writes.Add(oldest.Task, Batch((P0, 0, 2)));
        var stored = new List<TopicPartitionOffset>();

        var settling = Task.Run(() => writes.Settle(waitForOne: true, Store, stored));
        Assert.NotSame(settling, await Task.WhenAny(settling, Task.Delay(200))); // never fails falsely: only the line below can end it
        oldest.SetResult();

        Assert.Null(await settling);
        Assert.Equal([new TopicPartitionOffset(P0, 3)], stored);
    }

    [Fact]
    public async Task A_failed_write_waits_for_the_later_ones_stores_none_of_their_offsets_and_reads_all_again()
    {
        var writes = new KafkaWrites();
        var later = new TaskCompletionSource();
        writes.Add(Task.CompletedTask, Batch((P0, 0, 9)));
        writes.Add(Task.FromException(new InvalidOperationException("disk full")), Batch((P0, 10, 19), (P1, 0, 9)));
        writes.Add(later.Task, Batch((P0, 20, 29), (P1, 10, 14)));
        var stored = new List<TopicPartitionOffset>();

        // The later write is still running: the failure is not reported (nor the seek made) until it returned.
        var settling = Task.Run(() => writes.Settle(waitForOne: false, Store, stored));
        Assert.NotSame(settling, await Task.WhenAny(settling, Task.Delay(200)));
        later.SetResult();
        var failure = await settling;

        Assert.NotNull(failure);
        Assert.Equal("disk full", failure.Error.Message);
        Assert.Equal(20, failure.Records);
        Assert.Equal([new TopicPartitionOffset(P0, 10)], stored); // the batch before the failed one only
        Assert.Equal(0, writes.Count);
        Assert.Equal(
            [new(P0, 10), new(P1, 0)],
            KafkaWrites.EarliestPerPartition(failure.ReadAgainFrom).OrderBy(o => o.Partition.Value));
    }

    [Fact]
    public void The_seek_after_a_failure_goes_to_the_earliest_offset_of_each_partition()
    {
        var seeks = KafkaWrites.EarliestPerPartition([new(P0, 30), new(P1, 7), null, new(P0, 12), new(P1, 9)]);

        Assert.Equal([new(P0, 12), new(P1, 7)], seeks.OrderBy(o => o.Partition.Value));
    }
}
