namespace Streams.Internal;

/// <summary>Names of internal topics, as Kafka Streams names them.</summary>
internal static class InternalTopicNames
{
    /// <summary><c>{applicationId}-{storeName}-changelog</c>.</summary>
    public static string Changelog(string applicationId, string storeName) => $"{applicationId}-{storeName}-changelog";

    /// <summary>
    /// <c>{applicationId}-metadata</c>: the compacted, single-partition topic where instances advertise their endpoint
    /// and tasks for interactive-query metadata (see <c>InstanceMetadataTopic</c>).
    /// </summary>
    public static string Metadata(string applicationId) => $"{applicationId}-metadata";

    /// <summary><c>{applicationId}-{name}-repartition</c>.</summary>
    public static string Repartition(string applicationId, string name) => $"{applicationId}-{name}-repartition";

    /// <summary>
    /// The decorated name of an internal topic the topology reads or writes: <c>{applicationId}-{name}</c> for the
    /// topics of foreign-key joins, whose names end in <c>-topic</c> (<see cref="HasOwnSuffix"/>), else the
    /// repartition topic <c>{applicationId}-{name}-repartition</c>.
    /// </summary>
    public static string Internal(string applicationId, string name) => HasOwnSuffix(name) ? $"{applicationId}-{name}" : Repartition(applicationId, name);

    /// <summary>How topology descriptions show an internal topic (without the application id), as Kafka Streams.</summary>
    public static string Described(string name) => HasOwnSuffix(name) ? name : name + "-repartition";

    /// <summary>
    /// Whether an internal topic name is already complete, as Kafka Streams names the topics of a foreign-key join:
    /// <c>KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-{n}-topic</c>, <c>KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-{n}-topic</c>,
    /// or with a join name, <c>{name}-subscription-registration-topic</c> and <c>{name}-subscription-response-topic</c>.
    /// </summary>
    public static bool HasOwnSuffix(string name) =>
        name.EndsWith(SubscriptionRegistrationSuffix + "-topic", StringComparison.Ordinal)
        || name.EndsWith(SubscriptionResponseSuffix + "-topic", StringComparison.Ordinal)
        || ((name.StartsWith(SubscriptionRegistrationPrefix, StringComparison.Ordinal) || name.StartsWith(SubscriptionResponsePrefix, StringComparison.Ordinal))
            && name.EndsWith("-topic", StringComparison.Ordinal));

    /// <summary>Prefix of generated foreign-key join subscription topic names.</summary>
    public const string SubscriptionRegistrationPrefix = "KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-";

    /// <summary>Prefix of generated foreign-key join response topic names.</summary>
    public const string SubscriptionResponsePrefix = "KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-";

    /// <summary>Suffix (before <c>-topic</c>) of named foreign-key join subscription topics.</summary>
    public const string SubscriptionRegistrationSuffix = "-subscription-registration";

    /// <summary>Suffix (before <c>-topic</c>) of named foreign-key join response topics.</summary>
    public const string SubscriptionResponseSuffix = "-subscription-response";
}
