using Customer360.Core.Ingestion;

namespace Customer360.Tests.Ingestion;

/// <summary>Live writes share the gate; a rebuild or erasure has it alone, and is not starved by a stream of writes.</summary>
public sealed class WriteGateTests
{
    [Fact]
    public async Task Live_writes_pass_the_gate_together()
    {
        var gate = new WriteGate();
        using var first = await gate.EnterAsync(default);
        var second = gate.EnterAsync(default);

        Assert.True(second.IsCompletedSuccessfully, "a second live write waited for the first");
        (await second).Dispose();
    }

    [Fact]
    public async Task An_exclusive_holder_waits_for_the_writes_inside_and_holds_back_writes_that_arrive_after_it()
    {
        var gate = new WriteGate();
        var inside = await gate.EnterAsync(default);
        var exclusive = gate.EnterExclusiveAsync(default);
        var later = gate.EnterAsync(default);

        Assert.False(exclusive.IsCompleted, "the rebuild started while a live write was inside");
        inside.Dispose();
        var held = await exclusive;
        Assert.False(later.IsCompleted, "a live write got in during the rebuild");

        held.Dispose();
        (await later).Dispose();
        using var again = await gate.EnterExclusiveAsync(default); // the room is free again
    }

    [Fact]
    public async Task A_live_write_cancelled_while_a_rebuild_runs_leaves_the_gate_usable()
    {
        var gate = new WriteGate();
        var rebuild = await gate.EnterExclusiveAsync(default);
        using var cancel = new CancellationTokenSource();
        var write = gate.EnterAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => write);

        rebuild.Dispose();
        using var a = await gate.EnterAsync(default);
        using var b = await gate.EnterAsync(default);
    }
}
