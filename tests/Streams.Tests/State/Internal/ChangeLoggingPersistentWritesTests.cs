using Streams.Processor;
using Streams.Processor.Internal;
using Streams.State;
using Streams.State.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.State.Internal;

/// <summary>The hook of the exactly-once checkpoint rule: the change-logging layer announces a write into a persistent store before it happens.</summary>
public class ChangeLoggingPersistentWritesTests
{
    private readonly List<string> _events = [];
    private readonly TaskContext _context = new(
        "app", new TaskId(0, 0), "unused", new FakeRecordCollector(), TimeProvider.System,
        new Dictionary<string, string> { ["kv"] = "app-kv-changelog" }, new Dictionary<string, IStateStore>());

    [Fact]
    public void The_hook_runs_once_right_before_the_first_write_into_a_persistent_logged_store()
    {
        var store = new ChangeLoggingKeyValueBytesStore(new RecordingPersistentStore(_events));
        store.Init(_context, store);
        _context.BeforeFirstPersistentWrite = () => _events.Add("delete checkpoint");

        store.Put([1], [10]);
        store.Put([2], [20]);

        _events.Should().Equal("delete checkpoint", "put 1", "put 2");
        _context.BeforeFirstPersistentWrite.Should().BeNull();
        _context.TracksPersistentWrites("kv").Should().BeTrue();
    }

    [Fact]
    public void A_batch_write_runs_the_hook_before_the_batch()
    {
        var store = new ChangeLoggingKeyValueBytesStore(new RecordingPersistentStore(_events));
        store.Init(_context, store);
        _context.BeforeFirstPersistentWrite = () => _events.Add("delete checkpoint");

        store.PutAll([new([1], [10]), new([2], null)]);

        _events.Should().Equal("delete checkpoint", "put all 2");
    }

    [Fact]
    public void Writes_into_an_in_memory_store_neither_run_the_hook_nor_count_as_tracked()
    {
        var store = new ChangeLoggingKeyValueBytesStore(new InMemoryKeyValueBytesStore("kv"));
        store.Init(_context, store);
        _context.BeforeFirstPersistentWrite = () => _events.Add("delete checkpoint");

        store.Put([1], [10]);

        _events.Should().BeEmpty();
        _context.BeforeFirstPersistentWrite.Should().NotBeNull();
        _context.TracksPersistentWrites("kv").Should().BeFalse();
    }

    /// <summary>A persistent bytes store (as RocksDB's) that records each write.</summary>
    private sealed class RecordingPersistentStore(List<string> events) : IKeyValueBytesStore
    {
        private readonly InMemoryKeyValueBytesStore _inner = new("kv");

        public string Name => _inner.Name;

        public bool Persistent => true;

        public bool IsOpen => _inner.IsOpen;

        public long ApproximateNumEntries => _inner.ApproximateNumEntries;

        public void Init(IStateStoreContext context, IStateStore root) => _inner.Init(context, root);

        public byte[]? Get(ReadOnlySpan<byte> key) => _inner.Get(key);

        public void Put(ReadOnlySpan<byte> key, byte[]? value)
        {
            events.Add($"put {key[0]}");
            _inner.Put(key, value);
        }

        public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
        {
            events.Add($"put all {entries.Count}");
            _inner.PutAll(entries);
        }

        public void Delete(ReadOnlySpan<byte> key) => Put(key, null);

        public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => _inner.Range(from, to);

        public IKeyValueIterator<byte[], byte[]> ReverseRange(byte[]? from, byte[]? to) => _inner.ReverseRange(from, to);

        public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix) => _inner.PrefixScan(prefix);

        public void Flush() => _inner.Flush();

        public void Close() => _inner.Close();
    }
}
