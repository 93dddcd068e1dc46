using Streams.Dsl;
using Streams.Serialization;

namespace Streams.Chaos;

/// <summary>
/// The topology every chaos worker runs: input records (key <c>k{n}</c>, value = the record's sequence number) are
/// copied to <see cref="OutputTopic"/> (stateless: shows loss and duplicates record by record) and counted per key into
/// <see cref="CountsTopic"/> through a changelogged store (stateful: shows whether state survives kills and moves).
/// </summary>
internal static class ChaosTopology
{
    public const string InputTopic = "chaos-input";
    public const string OutputTopic = "chaos-output";
    public const string CountsTopic = "chaos-counts";
    public const string CountStore = "chaos-count-store";

    public static Topology Build()
    {
        var builder = new StreamsBuilder();
        var input = builder.Stream(InputTopic, Consumed<string?, string?>.With(Serdes.String, Serdes.String));
        input.To(OutputTopic, Produced<string?, string?>.With(Serdes.String, Serdes.String));
        input.GroupByKey()
            .Count(Materialized<string?, long>.As(CountStore))
            .ToStream()
            .To(CountsTopic, Produced<string?, long>.With(Serdes.String, Serdes.Int64));
        return builder.Build();
    }
}
