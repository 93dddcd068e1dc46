using Confluent.Kafka;
using Streams.AspNetCore.Internal;
using Streams.Queries;

namespace Streams.AspNetCore.Tests.Support;

/// <summary>One instance's view of a fake application: its stores, what it believes about key ownership, its change feed.</summary>
internal sealed class FakeQueryTarget : IStoreQueryTarget
{
    public HostInfo? LocalHost { get; set; }

    /// <summary>Key text to metadata; default: this instance owns every key, partition 0.</summary>
    public Func<string, KeyQueryMetadata>? Ownership { get; set; }

    public List<StreamsMetadata> Instances { get; } = [];

    public TopologyDescription Description { get; set; } = PassThrough();

    public FakeKeyValueStore<long> Counts { get; } = new();

    public FakeWindowStore<long> Windows { get; } = new();

    public FakeSessionStore<long> Sessions { get; } = new();

    public FakeChangeSubject<string, long> Changes { get; } = new();

    /// <summary>Thrown by Store and ObserveStore (e.g. an InvalidStateStoreException while rebalancing).</summary>
    public Exception? StoreFailure { get; set; }

    /// <summary>Thrown by QueryMetadataForKey.</summary>
    public Exception? MetadataFailure { get; set; }

    /// <summary>Every local store read: store name and partition.</summary>
    public List<(string Store, int? Partition)> StoreReads { get; } = [];

    public TopologyDescription Describe() => Description;

    public IReadOnlyCollection<StreamsMetadata> MetadataForAllStreamsClients() => Instances;

    public IReadOnlyCollection<StreamsMetadata> StreamsMetadataForStore(string storeName) => Instances.Where(i => i.StateStoreNames.Contains(storeName) || i.StandbyStateStoreNames.Contains(storeName)).ToList();

    public KeyQueryMetadata QueryMetadataForKey<TKey>(string storeName, TKey key, ISerializer<TKey> keySerializer)
    {
        if (MetadataFailure is not null)
        {
            throw MetadataFailure;
        }

        return Ownership?.Invoke(key!.ToString()!) ?? new KeyQueryMetadata(LocalHost!, new HashSet<HostInfo>(), 0);
    }

    public TStore Store<TStore>(StoreQueryParameters<TStore> parameters)
    {
        if (StoreFailure is not null)
        {
            throw StoreFailure;
        }

        lock (StoreReads)
        {
            StoreReads.Add((parameters.StoreName, parameters.Partition));
        }

        object store = parameters.StoreName switch
        {
            "counts" => Counts,
            "windows" or "sizeless" => Windows,
            "sessions" => Sessions,
            _ => throw new InvalidStateStoreException($"The fake has no store '{parameters.StoreName}'."),
        };
        return (TStore)store;
    }

    public IObservable<StoreChange<TKey, TValue>> ObserveStore<TKey, TValue>(string storeName)
    {
        if (StoreFailure is not null)
        {
            throw StoreFailure;
        }

        return (IObservable<StoreChange<TKey, TValue>>)(object)Changes;
    }

    private static TopologyDescription PassThrough()
    {
        var builder = new Streams.Dsl.StreamsBuilder();
        builder.Stream<string?, string?>("in").To("out");
        return builder.Build().Describe();
    }

    /// <summary>Metadata of an instance hosting <paramref name="stores"/>.</summary>
    public static StreamsMetadata Instance(HostInfo host, params string[] stores) =>
        new(host, new HashSet<string>(stores), new HashSet<TopicPartition> { new("in", 0) }, new HashSet<string>(), new HashSet<TopicPartition>());

    public static KeyQueryMetadata OwnedBy(HostInfo host, int partition = 0) => new(host, new HashSet<HostInfo>(), partition);
}

/// <summary>A hot observable the test pushes store changes into.</summary>
public sealed class FakeChangeSubject<TKey, TValue> : IObservable<StoreChange<TKey, TValue>>
{
    private readonly List<IObserver<StoreChange<TKey, TValue>>> _observers = [];

    public int Subscribers
    {
        get
        {
            lock (_observers)
            {
                return _observers.Count;
            }
        }
    }

    public IDisposable Subscribe(IObserver<StoreChange<TKey, TValue>> observer)
    {
        lock (_observers)
        {
            _observers.Add(observer);
        }

        return new Unsubscriber(() =>
        {
            lock (_observers)
            {
                _observers.Remove(observer);
            }
        });
    }

    public void Push(StoreChange<TKey, TValue> change)
    {
        foreach (var observer in Snapshot())
        {
            observer.OnNext(change);
        }
    }

    public void Complete()
    {
        foreach (var observer in Snapshot())
        {
            observer.OnCompleted();
        }
    }

    private List<IObserver<StoreChange<TKey, TValue>>> Snapshot()
    {
        lock (_observers)
        {
            return [.. _observers];
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
