using Streams.Dsl;
using Streams.Serialization.Internal;

namespace Streams.Serialization;

/// <content>The serde of session-windowed keys.</content>
public static partial class Serdes
{
    /// <summary>
    /// A serde for session-windowed keys (the keys of <c>ISessionWindowedKStream</c> tables) in the byte format of
    /// Kafka Streams' <c>SessionWindowedSerializer</c>: the inner key bytes, then the session end, then the session
    /// start, each 8 bytes big-endian. Both bounds travel with the key, since sessions have no fixed size; the
    /// <see cref="Window"/> read back is the session <c>[start, end]</c> with an inclusive end.
    /// </summary>
    /// <typeparam name="TKey">The inner key type.</typeparam>
    /// <param name="inner">The inner key serde.</param>
    /// <returns>The serde; deserializing fewer than 16 bytes (or null) throws <see cref="InvalidDataException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public static ISerde<Windowed<TKey>> SessionWindowed<TKey>(ISerde<TKey> inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new SessionWindowedSerde<TKey>(inner);
    }
}
