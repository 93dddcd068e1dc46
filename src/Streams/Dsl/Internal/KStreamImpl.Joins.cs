using System.Text.RegularExpressions;
using Streams.Dsl.Internal.Graph;
using Streams.Serialization;

namespace Streams.Dsl.Internal;

/// <summary>Stream-stream joins of a stream, as Kafka Streams' <c>KStreamImpl#join/leftJoin/outerJoin(KStream, ...)</c>.</summary>
internal sealed partial class KStreamImpl<TKey, TValue>
{
    public IKStream<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue, TOtherValue, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin<TOtherValue, TValueOut>(otherStream, (_, value, other) => joiner(value!, other!), windows, streamJoined, leftOuter: false, rightOuter: false);
    }

    public IKStream<TKey, TValueOut> Join<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue, TOtherValue, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin<TOtherValue, TValueOut>(otherStream, (key, value, other) => joiner(key, value!, other!), windows, streamJoined, leftOuter: false, rightOuter: false);
    }

    public IKStream<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin<TOtherValue, TValueOut>(otherStream, (_, value, other) => joiner(value!, other), windows, streamJoined, leftOuter: true, rightOuter: false);
    }

    public IKStream<TKey, TValueOut> LeftJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin<TOtherValue, TValueOut>(otherStream, (key, value, other) => joiner(key, value!, other), windows, streamJoined, leftOuter: true, rightOuter: false);
    }

    public IKStream<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TValue?, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin<TOtherValue, TValueOut>(otherStream, (_, value, other) => joiner(value, other), windows, streamJoined, leftOuter: true, rightOuter: true);
    }

    public IKStream<TKey, TValueOut> OuterJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream, Func<TKey, TValue?, TOtherValue?, TValueOut> joiner, JoinWindows windows, StreamJoined<TKey, TValue, TOtherValue>? streamJoined = null)
    {
        ArgumentNullException.ThrowIfNull(joiner);
        return DoStreamJoin(otherStream, joiner, windows, streamJoined, leftOuter: true, rightOuter: true);
    }

    /// <summary>
    /// Writes the stream through <c>{applicationId}-{topicPrefix}-repartition</c> before a join, as Kafka Streams'
    /// <c>repartitionForJoin</c>: null keys are dropped unless the join (or a later one) accepts them
    /// (<see cref="NodesWithRelaxedNullKeyJoinDownstream"/>); the sink, filter and source are named after the topic
    /// unless the prefix is a generated name (then they get generated names too).
    /// </summary>
    internal KStreamImpl<TKey, TValue> RepartitionForJoin(string topicPrefix, ISerde<TKey> repartitionKeySerde, ISerde<TValue> repartitionValueSerde)
    {
        // Names below keep the lineage of the source node the repartition was once written as, so stable generated names do not move.
        var source = builder.AddRepartition(
            node, topicPrefix, GeneratedName().IsMatch(topicPrefix), repartitionKeySerde, repartitionValueSerde, optimizable: false,
            lineageRoot: SourceGraphNode<TKey, TValue>.LineageRootOf([topicPrefix]));
        return new KStreamImpl<TKey, TValue>(builder, source, repartitionKeySerde, repartitionValueSerde, repartitionRequired: false);
    }

    private KStreamImpl<TKey, TValueOut> DoStreamJoin<TOtherValue, TValueOut>(
        IKStream<TKey, TOtherValue> otherStream,
        Func<TKey, TValue?, TOtherValue?, TValueOut> joiner,
        JoinWindows windows,
        StreamJoined<TKey, TValue, TOtherValue>? streamJoined,
        bool leftOuter,
        bool rightOuter)
    {
        ArgumentNullException.ThrowIfNull(otherStream);
        ArgumentNullException.ThrowIfNull(windows);
        if (otherStream is not KStreamImpl<TKey, TOtherValue> other || other.Builder != builder)
        {
            throw new ArgumentException("A stream-stream join needs a stream created by the same StreamsBuilder.", nameof(otherStream));
        }

        var joined = streamJoined ?? new StreamJoined<TKey, TValue, TOtherValue>();
        var operation = leftOuter ? (rightOuter ? "OuterJoin" : "LeftJoin") : "Join";
        var k = SerdeResolver.Require(joined.KeySerde, keySerde ?? other.KeySerde, operation, "key");
        var v = SerdeResolver.Require(joined.ValueSerde, valueSerde, operation, "value");
        var o = SerdeResolver.Require(joined.OtherValueSerde, other.ValueSerde, operation, "other value");

        // Both sides must be co-partitioned: a side whose key changed goes through a repartition topic first.
        var left = repartitionRequired ? RepartitionForJoin(joined.Name is null ? node.Name : joined.Name + "-left", k, v) : this;
        var right = !other.RepartitionRequired ? other
            : ReferenceEquals(other, this) ? (KStreamImpl<TKey, TOtherValue>)(object)left
            : other.RepartitionForJoin(joined.Name is null ? other.Node.Name : joined.Name + "-right", k, o);
        return KStreamImplJoin.Join(left, right, joiner, windows, joined, leftOuter, rightOuter, (k, v, o));
    }

    [GeneratedRegex("^KSTREAM.*-[0-9]{10}$", RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedName();
}
