using Streams.Dsl;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Dsl;

/// <summary>The join-result tables printed in docs/joins.md, kept true: every row's inputs in order and what each join emits.</summary>
public class JoinResultTablesTests
{
    [Fact]
    public void Stream_stream_join_results_match_the_documented_table()
    {
        // JoinWindows.OfTimeDifferenceWithNoGrace(10 s), one key; (timestamp s, left, right).
        (long, string?, string?)[] inputs =
        [
            (1, "A", null), (2, null, "a"), (3, "B", null), (4, null, "b"), (20, "C", null), (25, null, "c"),
            (40, "D", null), (41, null, "d"), (60, "E", null), (71, null, "e"), (90, "F", null),
        ];

        Run(JoinKind.Inner, inputs).Should().Equal(
            "2:[A,a]@2", "3:[B,a]@3", "4:[A,b]@4", "4:[B,b]@4", "25:[C,c]@25", "41:[D,d]@41");
        Run(JoinKind.Left, inputs).Should().Equal(
            "2:[A,a]@2", "3:[B,a]@3", "4:[A,b]@4", "4:[B,b]@4", "25:[C,c]@25", "41:[D,d]@41", "71:[E,null]@60");
        Run(JoinKind.Outer, inputs).Should().Equal(
            "2:[A,a]@2", "3:[B,a]@3", "4:[A,b]@4", "4:[B,b]@4", "25:[C,c]@25", "41:[D,d]@41", "71:[E,null]@60", "90:[null,e]@71");
    }

    [Fact]
    public void Table_table_join_results_match_the_documented_table()
    {
        (long, string?, string?, bool)[] inputs =
        [
            (1, "A", null, true), (2, null, "a", false), (3, "B", null, true), (4, null, "b", false),
            (5, null, null, true), (6, null, null, false), (7, null, "c", false), (8, "C", null, true),
        ];

        RunTables(JoinKind.Inner, inputs).Should().Equal("2:[A,a]@2", "3:[B,a]@3", "4:[B,b]@4", "5:null@5", "8:[C,c]@8");
        RunTables(JoinKind.Left, inputs).Should().Equal("1:[A,null]@1", "2:[A,a]@2", "3:[B,a]@3", "4:[B,b]@4", "5:null@5", "8:[C,c]@8");
        RunTables(JoinKind.Outer, inputs).Should().Equal(
            "1:[A,null]@1", "2:[A,a]@2", "3:[B,a]@3", "4:[B,b]@4", "5:[null,b]@5", "6:null@6", "7:[null,c]@7", "8:[C,c]@8");
    }

    [Fact]
    public void Stream_table_join_results_match_the_documented_table()
    {
        (long, string?, string?, bool)[] inputs = [(1, "A", null, true), (2, null, "a", false), (3, "B", null, true), (4, null, null, false), (5, "C", null, true)];

        RunStreamTable(left: false, inputs).Should().Equal("3:[B,a]@3");
        RunStreamTable(left: true, inputs).Should().Equal("1:[A,null]@1", "3:[B,a]@3", "5:[C,null]@5");
    }

    private enum JoinKind
    {
        Inner,
        Left,
        Outer,
    }

    private static string Pair(string? left, string? right) => $"[{left ?? "null"},{right ?? "null"}]";

    /// <summary>Pipes the rows in order; each result as "input time:value@result timestamp", times in seconds.</summary>
    private static List<string> Run(JoinKind kind, (long Seconds, string? Left, string? Right)[] inputs)
    {
        var builder = new StreamsBuilder();
        var left = builder.Stream<string?, string?>("left");
        var right = builder.Stream<string?, string?>("right");
        var windows = JoinWindows.OfTimeDifferenceWithNoGrace(TimeSpan.FromSeconds(10));
        (kind switch
        {
            JoinKind.Inner => left.Join(right, Pair, windows),
            JoinKind.Left => left.LeftJoin(right, Pair, windows),
            _ => left.OuterJoin(right, Pair, windows),
        }).To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        using var driver = new TopologyTestDriver(builder.Build());
        var leftIn = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        var rightIn = driver.CreateInputTopic("right", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        var results = new List<string>();
        foreach (var (seconds, l, r) in inputs)
        {
            (l is not null ? leftIn : rightIn).PipeInput("k", l ?? r, seconds * 1_000);
            results.AddRange(output.ReadRecordsToList().Select(o => $"{seconds}:{o.Value}@{o.TimestampMs / 1_000}"));
        }

        return results;
    }

    private static List<string> RunTables(JoinKind kind, (long Seconds, string? Left, string? Right, bool IsLeft)[] inputs)
    {
        var builder = new StreamsBuilder();
        var left = builder.Table<string?, string?>("left");
        var right = builder.Table<string?, string?>("right");
        (kind switch
        {
            JoinKind.Inner => left.Join(right, Pair),
            JoinKind.Left => left.LeftJoin(right, Pair),
            _ => left.OuterJoin(right, Pair),
        }).ToStream().To("out", Produced<string?, string?>.With(Serdes.String, Serdes.String));
        return Pipe(builder, inputs);
    }

    private static List<string> RunStreamTable(bool left, (long Seconds, string? Left, string? Right, bool IsLeft)[] inputs)
    {
        var builder = new StreamsBuilder();
        var stream = builder.Stream<string?, string?>("left");
        var table = builder.Table<string?, string?>("right");
        (left ? stream.LeftJoin(table, Pair) : stream.Join(table, Pair)).To("out", Produced<string?, string>.With(Serdes.String, Serdes.String!));
        return Pipe(builder, inputs);
    }

    private static List<string> Pipe(StreamsBuilder builder, (long Seconds, string? Left, string? Right, bool IsLeft)[] inputs)
    {
        using var driver = new TopologyTestDriver(builder.Build());
        var leftIn = driver.CreateInputTopic("left", Serdes.String, Serdes.String);
        var rightIn = driver.CreateInputTopic("right", Serdes.String, Serdes.String);
        var output = driver.CreateOutputTopic("out", Serdes.String, Serdes.String);
        var results = new List<string>();
        foreach (var (seconds, l, r, isLeft) in inputs)
        {
            (isLeft ? leftIn : rightIn).PipeInput("k", isLeft ? l : r, seconds * 1_000);
            results.AddRange(output.ReadRecordsToList().Select(o => $"{seconds}:{o.Value ?? "null"}@{o.TimestampMs / 1_000}"));
        }

        return results;
    }
}
