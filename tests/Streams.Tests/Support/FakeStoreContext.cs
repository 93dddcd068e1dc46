using Streams.Processor;
using Streams.State;
using Streams.State.Internal;

namespace Streams.Tests.Support;

/// <summary>A store context that records registrations and, for logging layers, changelog writes.</summary>
internal sealed class FakeStoreContext : IStateStoreContext, IChangelogContext
{
    public string ApplicationId { get; init; } = "app";

    public TaskId TaskId { get; init; } = new(0, 0);

    public string StateDirectory { get; init; } = "unused";

    public bool LoggingEnabled { get; set; } = true;

    public long RecordTimestamp { get; set; }

    public List<(IStateStore Store, IStateRestoreCallback Callback)> Registered { get; } = [];

    public List<LoggedChange> Logged { get; } = [];

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Registered.Add((store, restoreCallback));

    public bool IsLoggingEnabled(string storeName) => LoggingEnabled;

    public void LogChange(string storeName, byte[] key, byte[]? value, long timestamp) =>
        Logged.Add(new LoggedChange(storeName, key, value, timestamp));
}

internal sealed record LoggedChange(string Store, byte[] Key, byte[]? Value, long Timestamp);

/// <summary>A store context without changelog support (for example a global store's).</summary>
internal sealed class PlainStoreContext : IStateStoreContext
{
    public string ApplicationId => "app";

    public TaskId TaskId => new(-1, -1);

    public string StateDirectory => "unused";

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
    {
    }
}
