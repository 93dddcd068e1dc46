namespace Streams.Internal;

/// <summary>Names of internal topics, as Kafka Streams names them.</summary>
internal static class InternalTopicNames
{
    /// <summary><c>{applicationId}-{storeName}-changelog</c>.</summary>
    public static string Changelog(string applicationId, string storeName) => $"{applicationId}-{storeName}-changelog";

    /// <summary><c>{applicationId}-{name}-repartition</c>.</summary>
    public static string Repartition(string applicationId, string name) => $"{applicationId}-{name}-repartition";
}
