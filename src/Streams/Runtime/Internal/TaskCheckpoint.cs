using System.Globalization;
using Confluent.Kafka;

namespace Streams.Runtime.Internal;

/// <summary>
/// The <c>.checkpoint</c> file of a task directory: the changelog offset up to which local stores are
/// known to hold the changelog's content, in Kafka Streams' <c>OffsetCheckpoint</c> text format
/// (version line, count line, then <c>topic partition offset</c> lines). Written atomically.
/// </summary>
internal static class TaskCheckpoint
{
    public const string FileName = ".checkpoint";

    public static IReadOnlyDictionary<TopicPartition, long> Read(string taskDirectory)
    {
        var path = Path.Combine(taskDirectory, FileName);
        var result = new Dictionary<TopicPartition, long>();
        if (!File.Exists(path))
        {
            return result;
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0].Trim() != "0")
        {
            throw new StreamsException($"Checkpoint file {path} has an unknown format; delete it to restore the task from its changelog.");
        }

        foreach (var line in lines.Skip(2))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3
                || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var partition)
                || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var offset))
            {
                throw new StreamsException($"Checkpoint file {path} has a malformed line '{line}'; delete it to restore the task from its changelog.");
            }

            result[new TopicPartition(parts[0], partition)] = offset;
        }

        return result;
    }

    public static void Write(string taskDirectory, IReadOnlyDictionary<TopicPartition, long> offsets)
    {
        Directory.CreateDirectory(taskDirectory);
        var path = Path.Combine(taskDirectory, FileName);
        var tmp = path + ".tmp";
        var lines = new List<string> { "0", offsets.Count.ToString(CultureInfo.InvariantCulture) };
        lines.AddRange(offsets.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key.Topic} {kv.Key.Partition.Value} {kv.Value}")));
        File.WriteAllLines(tmp, lines);
        File.Move(tmp, path, overwrite: true);
    }

    public static void Delete(string taskDirectory)
    {
        var path = Path.Combine(taskDirectory, FileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
