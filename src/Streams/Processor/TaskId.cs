namespace Streams.Processor;

/// <summary>
/// Identifies a task: one sub-topology applied to one partition of its (co-partitioned) source
/// topics. Rendered as <c>"{SubtopologyId}_{Partition}"</c>, as Kafka Streams' <c>TaskId</c>.
/// </summary>
/// <param name="SubtopologyId">The sub-topology number, from 0, in topology description order.</param>
/// <param name="Partition">The input partition number the task processes, from 0.</param>
public readonly record struct TaskId(int SubtopologyId, int Partition) : IComparable<TaskId>
{
    /// <inheritdoc />
    public override string ToString() => $"{SubtopologyId}_{Partition}";

    /// <summary>Orders by sub-topology, then partition.</summary>
    /// <param name="other">The task id to compare with.</param>
    /// <returns>Negative, zero or positive as in <see cref="IComparable{T}.CompareTo"/>.</returns>
    public int CompareTo(TaskId other)
    {
        var c = SubtopologyId.CompareTo(other.SubtopologyId);
        return c != 0 ? c : Partition.CompareTo(other.Partition);
    }

    /// <summary>Parses the <c>"{subtopology}_{partition}"</c> form produced by <see cref="ToString"/>.</summary>
    /// <param name="text">The text to parse.</param>
    /// <returns>The task id.</returns>
    /// <exception cref="FormatException">The text is not two non-negative integers joined by '_'.</exception>
    public static TaskId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = text.IndexOf('_', StringComparison.Ordinal);
        if (i <= 0
            || !int.TryParse(text.AsSpan(0, i), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s)
            || !int.TryParse(text.AsSpan(i + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p))
        {
            throw new FormatException($"'{text}' is not a task id of the form '<subtopology>_<partition>'.");
        }

        return new TaskId(s, p);
    }
}
