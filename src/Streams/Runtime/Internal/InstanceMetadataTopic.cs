using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Streams.Internal;
using Streams.Processor;
using Streams.Queries;

namespace Streams.Runtime.Internal;

/// <summary>
/// The internal topic <c>{applicationId}-metadata</c> through which instances tell each other which tasks they run
/// and where they answer queries, standing in for the <c>application.server</c> that Kafka Streams sends in its
/// assignor's subscription userdata (a custom assignor cannot be plugged into librdkafka). One partition (only
/// partition 0 is written and read, whatever the broker created), compacted; record key = the instance id (a Guid
/// per run, as text), value = an <see cref="InstanceMetadataRecord"/> as JSON, or null (a tombstone) when the instance
/// stops.
/// </summary>
internal static class InstanceMetadataTopic
{
    /// <summary>The one partition written and read.</summary>
    public const int Partition = 0;

    /// <summary>The configs the topic is created with: compacted, so the latest record of each instance survives.</summary>
    public static Dictionary<string, string> Configs() => new() { ["cleanup.policy"] = "compact" };

    /// <summary>
    /// Adds the metadata topic (one partition) to the internal topics to create, when this instance publishes
    /// (<paramref name="publishes"/>) and the topic does not exist yet (whatever its partition count: only partition
    /// 0 is used, and a broker that auto-creates topics may have given it more).
    /// </summary>
    public static IReadOnlyDictionary<string, int> AddTo(IReadOnlyDictionary<string, int> required, string applicationId, bool publishes, Func<string, bool> exists)
    {
        var topic = InternalTopicNames.Metadata(applicationId);
        if (!publishes || exists(topic))
        {
            return required;
        }

        return new Dictionary<string, int>(required, StringComparer.Ordinal) { [topic] = 1 };
    }

    /// <summary>The record key of an instance.</summary>
    public static byte[] Key(Guid instanceId) => Encoding.UTF8.GetBytes(instanceId.ToString("D"));

    /// <summary>The record value announcing what an instance runs.</summary>
    public static byte[] Value(Guid instanceId, HostInfo host, IEnumerable<TaskId> active, IEnumerable<TaskId> standby, long sequence) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new InstanceMetadataRecord(instanceId, host.Host, host.Port, [.. active.Order().Select(t => t.ToString())], [.. standby.Order().Select(t => t.ToString())], sequence),
            InstanceMetadataJsonContext.Default.InstanceMetadataRecord);

    /// <summary>Reads one record of the topic.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The record value, null for a tombstone.</param>
    /// <param name="instanceId">The instance the record is about.</param>
    /// <param name="claim">The instance's announcement, or null for a tombstone.</param>
    /// <returns>False when the record is not a well-formed metadata record (it is then ignored).</returns>
    public static bool TryRead(byte[]? key, byte[]? value, out Guid instanceId, out InstanceAnnouncement? claim)
    {
        claim = null;
        if (key is null || !Guid.TryParseExact(Encoding.UTF8.GetString(key), "D", out instanceId))
        {
            instanceId = Guid.Empty;
            return false;
        }

        if (value is null)
        {
            return true;
        }

        try
        {
            var record = JsonSerializer.Deserialize(value, InstanceMetadataJsonContext.Default.InstanceMetadataRecord);
            if (record is null || record.InstanceId != instanceId || record.Host is null || record.Port is < 0 or > 65535)
            {
                return false;
            }

            claim = new InstanceAnnouncement(
                new HostInfo(record.Host, record.Port),
                (record.ActiveTasks ?? []).Select(TaskId.Parse).ToHashSet(),
                (record.StandbyTasks ?? []).Select(TaskId.Parse).ToHashSet(),
                record.Sequence);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return false;
        }
    }
}

/// <summary>What one instance announced: its endpoint, the tasks it runs, and its announcement counter.</summary>
/// <param name="Host">The instance's <see cref="StreamsOptions.ApplicationServer"/>.</param>
/// <param name="Active">The active tasks it runs.</param>
/// <param name="Standby">The standby tasks it keeps (empty without <see cref="StreamsOptions.NumStandbyReplicas"/>).</param>
/// <param name="Sequence">Increases with every announcement of the instance (from 1).</param>
internal sealed record InstanceAnnouncement(HostInfo Host, IReadOnlySet<TaskId> Active, IReadOnlySet<TaskId> Standby, long Sequence);

/// <summary>The JSON value of a metadata record: <c>{"instanceId", "host", "port", "activeTasks": ["0_1"], "standbyTasks": [], "sequence"}</c>.</summary>
/// <param name="InstanceId">The instance id, equal to the record key.</param>
/// <param name="Host">Host of the endpoint.</param>
/// <param name="Port">Port of the endpoint.</param>
/// <param name="ActiveTasks">Active task ids, <c>"{subtopology}_{partition}"</c>.</param>
/// <param name="StandbyTasks">Standby task ids, same form.</param>
/// <param name="Sequence">The instance's announcement counter.</param>
internal sealed record InstanceMetadataRecord(
    Guid InstanceId, string Host, int Port, IReadOnlyList<string> ActiveTasks, IReadOnlyList<string> StandbyTasks, long Sequence);

/// <summary>Source-generated JSON metadata for <see cref="InstanceMetadataRecord"/> (camelCase names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(InstanceMetadataRecord))]
internal sealed partial class InstanceMetadataJsonContext : JsonSerializerContext;
