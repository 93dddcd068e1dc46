using System.Reflection;
using System.Runtime.InteropServices;

namespace Streams.EmbeddedKafka.Internal;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka's C API (rdkafka.h, rdkafka_mock.h) the embedded
/// cluster uses. The library is resolved to the same librdkafka.so.1 that Confluent.Kafka loads through
/// default probing, so both share one in-process instance.
/// </summary>
internal static partial class LibRdKafka
{
    private const string LibraryName = "rdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c>.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    internal const int ConfOk = 0;

    static LibRdKafka() => NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);

    /// <summary>
    /// Prefers the versioned soname (present without the -dev package) and falls back to default probing
    /// (librdkafka.so, librdkafka.dylib, librdkafka.dll). The dynamic loader identifies an already loaded
    /// object by its file, so this maps to the same instance Confluent.Kafka's <c>DllImport("librdkafka")</c> uses.
    /// </summary>
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return IntPtr.Zero;
        }

        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("librdkafka.so.1", out var handle))
        {
            return handle;
        }

        return NativeLibrary.TryLoad("librdkafka", assembly, searchPath, out handle) ? handle : IntPtr.Zero;
    }

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int rd_kafka_conf_set(IntPtr conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName)]
    internal static unsafe partial IntPtr rd_kafka_new(int type, IntPtr conf, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_err2name(int err);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_err2str(int err);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_version_str();

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_mock_cluster_new(RdKafkaHandle rk, int brokerCount);

    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [LibraryImport(LibraryName)]
    internal static partial IntPtr rd_kafka_mock_cluster_bootstraps(MockClusterHandle mcluster);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(MockClusterHandle mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibraryName)]
    internal static partial int rd_kafka_mock_broker_set_down(MockClusterHandle mcluster, int brokerId);

    [LibraryImport(LibraryName)]
    internal static partial int rd_kafka_mock_broker_set_up(MockClusterHandle mcluster, int brokerId);

    [LibraryImport(LibraryName)]
    internal static partial int rd_kafka_mock_broker_set_rtt(MockClusterHandle mcluster, int brokerId, int rttMs);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_coordinator_set(MockClusterHandle mcluster, string keyType, string key, int brokerId);

    [LibraryImport(LibraryName)]
    internal static unsafe partial void rd_kafka_mock_push_request_errors_array(MockClusterHandle mcluster, short apiKey, nuint count, int* errors);

    /// <summary>librdkafka's symbolic name of an error code, e.g. <c>TOPIC_ALREADY_EXISTS</c> or <c>_UNKNOWN_BROKER</c>.</summary>
    internal static string ErrorName(int err) => Marshal.PtrToStringUTF8(rd_kafka_err2name(err)) ?? err.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>librdkafka's human-readable description of an error code.</summary>
    internal static string ErrorDescription(int err) => Marshal.PtrToStringUTF8(rd_kafka_err2str(err)) ?? string.Empty;

    /// <summary>The loaded library's version, e.g. <c>2.0.2</c>.</summary>
    internal static string Version => Marshal.PtrToStringUTF8(rd_kafka_version_str()) ?? string.Empty;
}
