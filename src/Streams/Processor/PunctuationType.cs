namespace Streams.Processor;

/// <summary>When a punctuation fires, as Kafka Streams' <c>PunctuationType</c>.</summary>
public enum PunctuationType
{
    /// <summary>By stream time: fires only as records advance stream time, at most once per record.</summary>
    StreamTime,

    /// <summary>By wall-clock time of the runtime's <see cref="TimeProvider"/>, checked between records.</summary>
    WallClockTime,
}
