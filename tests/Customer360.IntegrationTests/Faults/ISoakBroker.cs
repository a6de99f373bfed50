namespace Customer360.IntegrationTests.Faults;

/// <summary>A broker for the fault soak: its service settings, a producer that retries until the broker holds every event, a restart.</summary>
public interface ISoakBroker : IAsyncDisposable
{
    string Name { get; }

    /// <summary>The service's environment for consuming this broker (seed variable names).</summary>
    IDictionary<string, string?> ServiceEnv { get; }

    /// <summary>False for the Kafka mock cluster: it keeps its data in memory and cannot come back with it.</summary>
    bool CanRestart { get; }

    /// <summary>Stops the broker (the service sees its connection drop) and starts it again on the same data.</summary>
    Task RestartAsync();

    /// <summary>Waits until the service's source is set up (queue bound, stream created), so nothing produced is unroutable.</summary>
    Task WaitServiceReadyAsync(Infrastructure.ServiceProcess service);

    /// <summary>Produces every event at least once: returns when the broker acknowledged all of them (resending across a restart).</summary>
    Task ProduceAsync(SoakEvents stream, CancellationToken cancellationToken);
}
