namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The key of the subscription store: the foreign key first, then the primary key of the subscribing left row,
/// as Kafka Streams' <c>CombinedKey</c>. Stored as bytes (see <see cref="CombinedKeySchema{TForeignKey, TKey}"/>)
/// so that all subscribers of one foreign key are one prefix scan.
/// </summary>
/// <typeparam name="TForeignKey">The foreign (right) key type.</typeparam>
/// <typeparam name="TKey">The primary (left) key type.</typeparam>
/// <param name="ForeignKey">The foreign key; null only for left-join subscriptions of rows without a foreign key, which are never stored.</param>
/// <param name="PrimaryKey">The left row's key.</param>
internal readonly record struct CombinedKey<TForeignKey, TKey>(TForeignKey ForeignKey, TKey PrimaryKey);
