using Streams.Processor;
using Streams.State;

namespace Streams.RocksDb.Tests.TestSupport;

/// <summary>A store context over a temp directory that records registrations.</summary>
public sealed class FakeStateStoreContext(string stateDirectory) : IStateStoreContext
{
    public string ApplicationId => "test-app";

    public TaskId TaskId => new(0, 0);

    public string StateDirectory { get; } = stateDirectory;

    public List<(IStateStore Store, IStateRestoreCallback Callback)> Registered { get; } = [];

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback) => Registered.Add((store, restoreCallback));
}
