using Streams.Dsl.Internal.Graph;
using Streams.Serialization;

namespace Streams.Dsl.Internal;

/// <summary>
/// Builds the graph of a stream-stream join, as Kafka Streams' <c>KStreamImplJoin</c>: each side goes through a
/// <c>KSTREAM-WINDOWED-n</c> node that keeps its records in its window store (<c>{join processor}-store</c>) and then
/// through its join processor (<c>KSTREAM-JOINTHIS-n</c>/<c>KSTREAM-OUTERTHIS-n</c> reading the other side's store,
/// <c>KSTREAM-JOINOTHER-n</c>/<c>KSTREAM-OUTEROTHER-n</c> reading this side's); both results meet in a
/// <c>KSTREAM-MERGE-n</c> pass-through. Left and outer joins add the shared outer store
/// <c>KSTREAM-OUTERSHARED-n-store</c>. The shared stores put both sides into one sub-topology. The merge node of a left
/// or outer join is a <see cref="GraphNode.NullKeyRelaxedJoin"/> (Kafka Streams labels its join node, whose parents are
/// both sides): the repartitions above either side keep null keys.
/// </summary>
internal static class KStreamImplJoin
{
    private const string WindowedName = "KSTREAM-WINDOWED-";
    private const string JoinThisName = "KSTREAM-JOINTHIS-";
    private const string JoinOtherName = "KSTREAM-JOINOTHER-";
    private const string OuterThisName = "KSTREAM-OUTERTHIS-";
    private const string OuterOtherName = "KSTREAM-OUTEROTHER-";
    private const string OuterSharedName = "KSTREAM-OUTERSHARED-";
    private const string MergeName = "KSTREAM-MERGE-";

    public static KStreamImpl<TKey, TOut> Join<TKey, TLeft, TRight, TOut>(
        KStreamImpl<TKey, TLeft> left,
        KStreamImpl<TKey, TRight> right,
        Func<TKey, TLeft?, TRight?, TOut> joiner,
        JoinWindows windows,
        StreamJoined<TKey, TLeft, TRight> streamJoined,
        bool leftOuter,
        bool rightOuter,
        (ISerde<TKey> Key, ISerde<TLeft> Left, ISerde<TRight> Right) serdes)
    {
        var builder = left.Builder;
        var name = streamJoined.Name;
        var thisSuffix = rightOuter ? "-outer-this-join" : "-this-join";
        var otherSuffix = leftOuter ? "-outer-other-join" : "-other-join";

        // Generated in Kafka Streams' order, so that the numbering of later operators matches.
        var thisWindowedName = name is null ? builder.NewName(WindowedName) : name + "-this-windowed";
        var otherWindowedName = name is null ? builder.NewName(WindowedName) : name + "-other-windowed";
        var thisPrefix = rightOuter ? OuterThisName : JoinThisName;
        var joinThisGenerated = builder.NewName(thisPrefix);
        var joinOtherGenerated = builder.NewName(leftOuter ? OuterOtherName : JoinOtherName);
        var joinThisName = name is null ? joinThisGenerated : name + thisSuffix;
        var joinOtherName = name is null ? joinOtherGenerated : name + otherSuffix;
        var mergeName = name is null ? builder.NewName(MergeName) : name + "-merge";

        var thisSupplier = streamJoined.ThisStoreSupplier;
        var otherSupplier = streamJoined.OtherStoreSupplier;
        if (thisSupplier is not null && otherSupplier is not null && thisSupplier.Name == otherSupplier.Name)
        {
            throw new TopologyException($"both store suppliers of the join are named '{thisSupplier.Name}'; store suppliers must have unique names.");
        }

        RequireJoinSettings(thisSupplier, windows);
        RequireJoinSettings(otherSupplier, windows);
        var storeName = streamJoined.StoreName;
        const string HowToName = "StreamJoined.As(\"name\") or StreamJoined.WithStoreName(\"name\")";
        string Generated(string kafkaName) => builder.NewInternalName(InternalResourceKind.StateStore, kafkaName, HowToName, left.Node, right.Node);
        var thisStore = thisSupplier?.Name ?? (storeName is null ? Generated(joinThisGenerated + "-store") : storeName + thisSuffix + "-store");
        var otherStore = otherSupplier?.Name ?? (storeName is null ? Generated(joinOtherGenerated + "-store") : storeName + otherSuffix + "-store");

        string? outerStore = null;
        Processor.Internal.StoreFactory? outerFactory = null;
        if (leftOuter)
        {
            var outerSuffix = rightOuter ? "-outer-shared-join" : "-left-shared-join";
            outerStore = thisSupplier is { Name.Length: > 0 } ? thisSupplier.Name + outerSuffix + "-store"
                : storeName is not null ? storeName + outerSuffix + "-store"
                : Generated(OuterSharedName + joinThisGenerated[thisPrefix.Length..] + "-store");
            outerFactory = StoreFactories.OuterJoin(outerStore, thisSupplier, streamJoined.DslStoreSuppliers, streamJoined.LoggingEnabled, serdes.Key, serdes.Left, serdes.Right, streamJoined.LoggingConfigs);
        }

        var logging = streamJoined.LoggingEnabled;
        var dsl = streamJoined.DslStoreSuppliers;
        var thisWindowed = builder.AddNode(
            new ProcessorGraphNode<TKey, TLeft, TKey, TLeft>(
                thisWindowedName, () => new KStreamJoinWindow<TKey, TLeft>(thisStore), StoreFactories.JoinWindow(thisStore, thisSupplier, dsl, windows, logging, serdes.Key, serdes.Left, streamJoined.LoggingConfigs)),
            left.Node);
        var otherWindowed = builder.AddNode(
            new ProcessorGraphNode<TKey, TRight, TKey, TRight>(
                otherWindowedName, () => new KStreamJoinWindow<TKey, TRight>(otherStore), StoreFactories.JoinWindow(otherStore, otherSupplier, dsl, windows, logging, serdes.Key, serdes.Right, streamJoined.LoggingConfigs)),
            right.Node);

        // The stream time both sides share, per task.
        var trackers = new JoinTimeTrackers();
        var joinThis = builder.AddNode(
            new ProcessorGraphNode<TKey, TLeft, TKey, TOut>(
                joinThisName, () => new KStreamKStreamJoinLeftSide<TKey, TLeft, TRight, TOut>(otherStore, outerStore, windows, joiner, leftOuter, trackers), outerFactory, [otherStore]),
            thisWindowed);
        var joinOther = builder.AddNode(
            new ProcessorGraphNode<TKey, TRight, TKey, TOut>(
                joinOtherName,
                () => new KStreamKStreamJoinRightSide<TKey, TLeft, TRight, TOut>(thisStore, outerStore, windows, joiner, rightOuter, trackers),
                null,
                outerStore is null ? [thisStore] : [thisStore, outerStore]),
            otherWindowed);
        var merge = builder.AddNode(
            new ProcessorGraphNode<TKey, TOut, TKey, TOut>(mergeName, () => new KStreamPassThrough<TKey, TOut>()) { NullKeyRelaxedJoin = leftOuter || rightOuter },
            joinThis,
            joinOther);
        builder.AddNode(new CopartitionGraphNode(mergeName + "-copartition", [thisWindowedName, otherWindowedName]));

        // The result's key serde is known only when both sides agree; the value serde never is.
        var keySerde = streamJoined.KeySerde ?? (ReferenceEquals(left.KeySerde, right.KeySerde) ? left.KeySerde : null);
        return new KStreamImpl<TKey, TOut>(builder, merge, keySerde, null, repartitionRequired: false);
    }

    /// <summary>An explicit store supplier must retain duplicates and match the windows, as Kafka Streams' <c>assertWindowSettings</c>.</summary>
    private static void RequireJoinSettings(State.IWindowBytesStoreSupplier? supplier, JoinWindows windows)
    {
        if (supplier is null)
        {
            return;
        }

        if (!supplier.RetainDuplicates)
        {
            throw new TopologyException($"the join store supplier '{supplier.Name}' must retain duplicates (e.g. Stores.InMemoryWindowStore(name, retention, size, retainDuplicates: true)).");
        }

        if (supplier.RetentionPeriodMs != windows.SizeMs + windows.GraceMs || supplier.WindowSizeMs != windows.SizeMs)
        {
            throw new TopologyException(
                $"the join store supplier '{supplier.Name}' has retention {supplier.RetentionPeriodMs} ms and window size {supplier.WindowSizeMs} ms; the join windows need retention " +
                $"{windows.SizeMs + windows.GraceMs} ms (before + after + grace) and window size {windows.SizeMs} ms (before + after).");
        }
    }
}
