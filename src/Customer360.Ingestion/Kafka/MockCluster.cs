using System.Runtime.InteropServices;
using System.Text;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// librdkafka's in-process mock Kafka cluster (real wire protocol on random local ports): the broker for
/// tests, benchmarks and the demo, since no Apache Kafka package is reachable. Lives as long as this object.
/// </summary>
public sealed partial class MockCluster : IDisposable
{
    private IntPtr _handle;
    private IntPtr _cluster;

    private MockCluster(IntPtr handle, IntPtr cluster, string bootstrapServers)
    {
        _handle = handle;
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
    }

    public string BootstrapServers { get; }

    public static MockCluster Start(int brokers, IEnumerable<(string Topic, int Partitions)> topics)
    {
        KafkaNative.EnsureLoaded();
        var conf = rd_kafka_conf_new();
        var error = new byte[512];
        // A producer handle owns the mock cluster; it never produces anything itself.
        var handle = rd_kafka_new(0, conf, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(error).TrimEnd('\0')}");
        }

        var cluster = rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            rd_kafka_destroy(handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed");
        }

        var bootstrap = Marshal.PtrToStringUTF8(rd_kafka_mock_cluster_bootstraps(cluster)) ?? "";
        var mock = new MockCluster(handle, cluster, bootstrap);
        foreach (var (topic, partitions) in topics)
        {
            var code = rd_kafka_mock_topic_create(cluster, topic, partitions, Math.Min(brokers, 3));
            if (code != 0)
            {
                mock.Dispose();
                throw new InvalidOperationException($"rd_kafka_mock_topic_create({topic}, {partitions}) failed with error {code}");
            }
        }

        return mock;
    }

    public void Dispose()
    {
        if (_cluster != IntPtr.Zero)
        {
            rd_kafka_mock_cluster_destroy(_cluster);
            _cluster = IntPtr.Zero;
        }

        if (_handle != IntPtr.Zero)
        {
            rd_kafka_destroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    [DllImport(KafkaNative.LibraryName)]
    private static extern IntPtr rd_kafka_conf_new();

    [DllImport(KafkaNative.LibraryName)]
    private static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(KafkaNative.LibraryName)]
    private static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(KafkaNative.LibraryName)]
    private static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(KafkaNative.LibraryName)]
    private static extern void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [DllImport(KafkaNative.LibraryName)]
    private static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [DllImport(KafkaNative.LibraryName, CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int rd_kafka_mock_topic_create(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCnt, int replicationFactor);
}
