using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// How log messages show collections: partitions grouped by topic (<c>flights [0, 1], airports [0]</c>, not Confluent's
/// <c>flights [[0]]</c>), offsets beside their partitions (<c>flights [0 at offset 5, 1 at offset 7]</c>), and "none" for an
/// empty list, so that no message has an empty placeholder.
/// </summary>
internal static class LogFormat
{
    public const string None = "none";

    /// <summary>Items joined with ", ", or "none".</summary>
    public static string List<T>(IEnumerable<T> items)
    {
        var text = string.Join(", ", items);
        return text.Length == 0 ? None : text;
    }

    /// <summary>Partitions grouped by topic in order of first appearance, partitions ascending: <c>flights [0, 1], airports [0]</c>; "none" when empty.</summary>
    public static string Partitions(IEnumerable<TopicPartition> partitions) =>
        List(partitions.GroupBy(p => p.Topic, StringComparer.Ordinal)
            .Select(g => $"{g.Key} [{string.Join(", ", g.Select(p => p.Partition.Value).Distinct().Order())}]"));

    /// <summary>One partition as <c>flights [0]</c>.</summary>
    public static string Partition(TopicPartition partition) => $"{partition.Topic} [{partition.Partition.Value}]";

    /// <summary>Offsets grouped by topic: <c>flights [0 at offset 5, 1 at offset 7]</c> (the word is <paramref name="preposition"/>); "none" when empty.</summary>
    public static string Offsets(IEnumerable<KeyValuePair<TopicPartition, long>> offsets, string preposition = "at") =>
        List(offsets.GroupBy(kv => kv.Key.Topic, StringComparer.Ordinal)
            .Select(g => $"{g.Key} [{string.Join(", ", g.OrderBy(kv => kv.Key.Partition.Value).Select(kv => $"{kv.Key.Partition.Value} {preposition} offset {kv.Value}"))}]"));

    /// <summary>As <see cref="Offsets(IEnumerable{KeyValuePair{TopicPartition, long}}, string)"/> for Confluent's offsets.</summary>
    public static string Offsets(IEnumerable<TopicPartitionOffset> offsets, string preposition = "at") =>
        Offsets(offsets.Select(o => KeyValuePair.Create(o.TopicPartition, o.Offset.Value)), preposition);
}
