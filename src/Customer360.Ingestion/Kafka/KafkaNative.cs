using System.Reflection;
using System.Runtime.InteropServices;

namespace Customer360.Ingestion.Kafka;

/// <summary>
/// Points Confluent.Kafka (and our own mock-cluster P/Invoke) at Debian's librdkafka1: the
/// librdkafka.redist package with bundled binaries is not in our mirror, so restore gets an empty placeholder.
/// </summary>
public static class KafkaNative
{
    public const string LibraryName = "librdkafka";
    private const string DefaultPath = "/usr/lib/x86_64-linux-gnu/librdkafka.so.1";
    private static readonly Lock Gate = new();
    private static bool _initialized;

    /// <summary>Call once before the first Kafka client is built; safe to call again.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_initialized)
            {
                return;
            }

            NativeLibrary.SetDllImportResolver(typeof(Confluent.Kafka.Library).Assembly, Resolve);
            NativeLibrary.SetDllImportResolver(typeof(KafkaNative).Assembly, Resolve);
            _initialized = true;
        }
    }

    /// <summary>librdkafka from LIBRDKAFKA_PATH or Debian's path; libdl (used by Confluent's loader) as libdl.so.2.</summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name.Contains("rdkafka", StringComparison.Ordinal))
        {
            var path = Environment.GetEnvironmentVariable("LIBRDKAFKA_PATH");
            return NativeLibrary.Load(string.IsNullOrEmpty(path) ? (File.Exists(DefaultPath) ? DefaultPath : "librdkafka.so.1") : path);
        }

        if (name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var dl))
        {
            return dl;
        }

        return IntPtr.Zero;
    }
}
