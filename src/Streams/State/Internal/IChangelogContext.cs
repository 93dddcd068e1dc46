namespace Streams.State.Internal;

/// <summary>What a change-logging store layer needs from its task: where to send changes.</summary>
internal interface IChangelogContext
{
    /// <summary>The timestamp of the record being processed (changelog records carry it).</summary>
    long RecordTimestamp { get; }

    /// <summary>True when the store's changelog is enabled in the topology.</summary>
    bool IsLoggingEnabled(string storeName);

    /// <summary>Sends one change to the store's changelog topic, partition = the task's partition.</summary>
    void LogChange(string storeName, byte[] key, byte[]? value, long timestamp);
}
