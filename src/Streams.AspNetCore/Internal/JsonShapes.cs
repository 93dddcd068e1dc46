using System.Text.Json;
using System.Text.Json.Serialization;

namespace Streams.AspNetCore.Internal;

/// <summary>A point read: <c>{"store":"counts","key":"alice","value":3}</c>.</summary>
internal sealed record KeyValueAnswer(string Store, JsonElement Key, JsonElement Value);

/// <summary>One entry of a range: <c>{"key":"alice","value":3}</c>.</summary>
internal sealed record RangeEntry(JsonElement Key, JsonElement Value);

/// <summary>One window of a key: <c>{"start":0,"end":3600000,"value":…}</c>; <c>end</c> only when the window size was declared.</summary>
internal sealed record WindowEntry(long Start, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? End, JsonElement Value);

/// <summary>One session of a key: <c>{"start":0,"end":5000,"value":…}</c> (end inclusive, as Kafka's session windows).</summary>
internal sealed record SessionEntry(long Start, long End, JsonElement Value);

/// <summary>One change pushed as a server-sent event's data.</summary>
internal sealed record ChangeEvent(string Store, JsonElement Key, JsonElement? Value, bool Deleted, long Timestamp, int Partition);

/// <summary>Where a key lives.</summary>
internal sealed record KeyMetadataAnswer(string Store, JsonElement Key, string? ActiveHost, IReadOnlyList<string> StandbyHosts, int Partition);

/// <summary>One instance of the application.</summary>
internal sealed record InstanceAnswer(
    string Host,
    bool Local,
    IReadOnlyList<string> Stores,
    IReadOnlyList<PartitionAnswer> Partitions,
    IReadOnlyList<string> StandbyStores,
    IReadOnlyList<PartitionAnswer> StandbyPartitions);

/// <summary>A topic partition.</summary>
internal sealed record PartitionAnswer(string Topic, int Partition);
