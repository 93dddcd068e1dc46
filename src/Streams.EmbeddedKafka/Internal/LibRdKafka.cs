using System.Runtime.InteropServices;
using Streams.Runtime.Internal;

namespace Streams.EmbeddedKafka.Internal;

/// <summary>
/// P/Invoke declarations for the parts of librdkafka's C API (rdkafka.h, rdkafka_mock.h) the embedded
/// cluster uses. "rdkafka" is resolved by Streams' <see cref="LibrdkafkaLoader"/> (registered for this assembly by
/// <see cref="EmbeddedKafkaModuleInitializer"/>) to the very handle Confluent.Kafka's imports resolve to, so both share
/// one in-process instance.
/// </summary>
internal static partial class LibRdKafka
{
    private const string LibraryName = LibrdkafkaLoader.StreamsImportName;

    /// <summary><c>RD_KAFKA_PRODUCER</c>.</summary>
    internal const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    internal const int ConfOk = 0;

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

    /// <summary>librdkafka 2.16+: the delay of a classic group's first rebalance (the broker's <c>group.initial.rebalance.delay.ms</c>; 3000 by default).</summary>
    [LibraryImport(LibraryName)]
    internal static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(MockClusterHandle mcluster, int delayMs);

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

    /// <summary>The loaded library's version, e.g. <c>2.16.0</c>.</summary>
    internal static string Version => Marshal.PtrToStringUTF8(rd_kafka_version_str()) ?? string.Empty;
}
