using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.Serialization.Internal;

namespace Streams.Serialization;

/// <summary>
/// Factory of the built-in serdes, as Kafka Streams' <c>Serdes</c>. Numeric formats are Kafka's
/// (big-endian, 4 bytes for <see cref="int"/>, 8 for <see cref="long"/> and <see cref="double"/>), so
/// data is interchangeable with Java clients. Strings are UTF-8.
/// </summary>
public static partial class Serdes
{
    /// <summary>UTF-8 strings; null maps to null bytes.</summary>
    public static ISerde<string?> String { get; } = new SerdeAdapter<string?>(Serializers.Utf8!, Deserializers.Utf8!, "String");

    /// <summary>32-bit integers, 4 bytes big-endian (Kafka's <c>IntegerSerializer</c>).</summary>
    public static ISerde<int> Int32 { get; } = new SerdeAdapter<int>(Serializers.Int32, Deserializers.Int32, "Int32");

    /// <summary>64-bit integers, 8 bytes big-endian (Kafka's <c>LongSerializer</c>).</summary>
    public static ISerde<long> Int64 { get; } = new SerdeAdapter<long>(Serializers.Int64, Deserializers.Int64, "Int64");

    /// <summary>IEEE 754 doubles, 8 bytes big-endian (Kafka's <c>DoubleSerializer</c>).</summary>
    public static ISerde<double> Double { get; } = new SerdeAdapter<double>(Serializers.Double, Deserializers.Double, "Double");

    /// <summary>Raw bytes, passed through unchanged.</summary>
    public static ISerde<byte[]?> ByteArray { get; } = new SerdeAdapter<byte[]?>(Serializers.ByteArray!, Deserializers.ByteArray!, "ByteArray");

    /// <summary>
    /// JSON through System.Text.Json with source-generated metadata (trimming- and AOT-safe):
    /// pass <c>MyContext.Default.MyType</c> from a <c>JsonSerializerContext</c>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <typeparamref name="T"/> states the nullability, as for any serde: <c>Serdes.Json(MyContext.Default.Order)</c>
    /// is an <see cref="ISerde{T}"/> of <c>Order</c>, for a stream of data records (a <c>KStream&lt;string?, Order&gt;</c>
    /// writes with it, <c>To("orders", Produced.With(Serdes.String, Serdes.Json(MyContext.Default.Order)))</c>);
    /// <c>Serdes.Json&lt;Order?&gt;(MyContext.Default.Order)</c> is one of <c>Order?</c>, where tombstones are part of
    /// the data and the compiler should make you handle them (a stream of a topic that has deletes).
    /// </para>
    /// <para>
    /// Either way a tombstone is a null value, not data: null bytes read as <see langword="null"/> (the record's
    /// <c>IsTombstone</c>) without calling System.Text.Json, as Confluent's JSON deserializer returns null for
    /// <c>isNull</c>; a null value writes null bytes. Tables never hold one (a tombstone deletes the key), so a table's
    /// value type can stay non-nullable.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">The data type, nullable or not: see the remarks.</typeparam>
    /// <param name="typeInfo">The generated type metadata.</param>
    /// <returns>The serde; a null value maps to null bytes and back.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public static ISerde<T> Json<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new JsonSerde<T>(typeInfo);
    }

    /// <summary>JSON through System.Text.Json with reflection-based metadata.</summary>
    /// <remarks>
    /// <typeparamref name="T"/> states the nullability: <c>Serdes.Json&lt;Order&gt;()</c> is an <see cref="ISerde{T}"/>
    /// of <c>Order</c> for data records, <c>Serdes.Json&lt;Order?&gt;()</c> one of <c>Order?</c> where tombstones are
    /// part of the data. Either way null bytes read as a null value (a tombstone) and a null value writes null bytes:
    /// see <see cref="Json{T}(JsonTypeInfo{T})"/>.
    /// </remarks>
    /// <typeparam name="T">The data type, nullable or not.</typeparam>
    /// <param name="options">Serializer options; default <see cref="JsonSerializerOptions.Web"/> (camelCase).</param>
    /// <returns>The serde; a null value maps to null bytes and back.</returns>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Reflection-based JSON; use Json<T>(JsonTypeInfo<T>) for trimmed apps.")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("Reflection-based JSON; use Json<T>(JsonTypeInfo<T>) for AOT apps.")]
    public static ISerde<T> Json<T>(JsonSerializerOptions? options = null)
    {
        var o = options ?? JsonSerializerOptions.Web;
        o.MakeReadOnly(populateMissingResolver: true);
        return new JsonSerde<T>((JsonTypeInfo<T>)o.GetTypeInfo(typeof(T)));
    }

    /// <summary>
    /// A serde for <typeparamref name="T"/>? over a serde for a value type: null maps to null bytes (a Kafka tombstone)
    /// both ways, any other value goes through <paramref name="inner"/>; as Kafka's <c>LongSerde</c> and friends, whose
    /// <c>Long</c> can be null. Read a value-type table's deletes with it (e.g. <c>Serdes.Nullable(Serdes.Int64)</c> for
    /// the output of <c>Count().ToStream()</c>).
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="inner">The serde for non-null values.</param>
    /// <returns>The serde.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public static ISerde<T?> Nullable<T>(ISerde<T> inner)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(inner);
        return new NullableSerde<T>(inner);
    }

    /// <summary>Combines a Confluent.Kafka serializer and deserializer into a serde.</summary>
    /// <typeparam name="T">The data type.</typeparam>
    /// <param name="serializer">The serializer.</param>
    /// <param name="deserializer">The deserializer.</param>
    /// <returns>The serde.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static ISerde<T> From<T>(ISerializer<T> serializer, IDeserializer<T> deserializer)
    {
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(deserializer);
        return new SerdeAdapter<T>(serializer, deserializer, typeof(T).Name);
    }

    /// <summary>
    /// The built-in serde for <typeparamref name="T"/> when it is <see cref="string"/>, <see cref="int"/>,
    /// <see cref="long"/>, <see cref="double"/> or <c>byte[]</c>, else null. Used where an operator
    /// is given no serde, in place of Kafka Streams' <c>default.key.serde</c>/<c>default.value.serde</c>.
    /// </summary>
    /// <typeparam name="T">The data type.</typeparam>
    /// <returns>The serde or null.</returns>
    public static ISerde<T>? Default<T>()
    {
        object? serde = typeof(T) == typeof(string) ? String
            : typeof(T) == typeof(int) ? Int32
            : typeof(T) == typeof(long) ? Int64
            : typeof(T) == typeof(double) ? Double
            : typeof(T) == typeof(byte[]) ? ByteArray
            : null;
        return serde as ISerde<T>;
    }
}
