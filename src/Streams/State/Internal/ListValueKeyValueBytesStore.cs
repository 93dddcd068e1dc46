using System.Buffers.Binary;

namespace Streams.State.Internal;

/// <summary>
/// Keeps a list of values per key, as Kafka Streams' <c>ListValueStore</c> (the outer store of stream-stream
/// left/outer joins): a put appends its value to the key's list, a put of null (or a delete) removes the whole list.
/// <see cref="Get"/> returns the first value of the list; range reads return every value, each as its own entry
/// with the key repeated, in put order. The inner store holds the serialized list (<c>[int32 length][bytes]</c>
/// per value), so a change-logging layer below it logs whole lists and restores them as they were.
/// </summary>
internal sealed class ListValueKeyValueBytesStore(IKeyValueBytesStore inner) : IKeyValueBytesStore
{
    private const int LengthSize = 4;

    public string Name => inner.Name;

    public bool Persistent => inner.Persistent;

    public bool IsOpen => inner.IsOpen;

    public long ApproximateNumEntries => inner.ApproximateNumEntries;

    public void Init(IStateStoreContext context, IStateStore root) => inner.Init(context, root);

    public byte[]? Get(ReadOnlySpan<byte> key)
    {
        var list = inner.Get(key);
        return list is null ? null : list.AsSpan(LengthSize, BinaryPrimitives.ReadInt32BigEndian(list)).ToArray();
    }

    public void Put(ReadOnlySpan<byte> key, byte[]? value)
    {
        if (value is null)
        {
            inner.Put(key, null);
            return;
        }

        var existing = inner.Get(key) ?? [];
        var list = new byte[existing.Length + LengthSize + value.Length];
        existing.CopyTo(list, 0);
        BinaryPrimitives.WriteInt32BigEndian(list.AsSpan(existing.Length), value.Length);
        value.CopyTo(list, existing.Length + LengthSize);
        inner.Put(key, list);
    }

    public void PutAll(IReadOnlyList<KeyValuePair<byte[], byte[]?>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (key, value) in entries)
        {
            Put(key, value);
        }
    }

    public void Delete(ReadOnlySpan<byte> key) => inner.Put(key, null);

    public IKeyValueIterator<byte[], byte[]> Range(byte[]? from, byte[]? to) => new EnumeratorIterator<byte[], byte[]>(Flatten(inner.Range(from, to)), Name, () => IsOpen);

    public IKeyValueIterator<byte[], byte[]> PrefixScan(byte[] prefix) => new EnumeratorIterator<byte[], byte[]>(Flatten(inner.PrefixScan(prefix)), Name, () => IsOpen);

    public void Flush() => inner.Flush();

    public void Close() => inner.Close();

    private static IEnumerable<KeyValuePair<byte[], byte[]>> Flatten(IKeyValueIterator<byte[], byte[]> lists)
    {
        using (lists)
        {
            while (lists.MoveNext())
            {
                var (key, list) = lists.Current;
                for (var offset = 0; offset < list.Length;)
                {
                    var length = BinaryPrimitives.ReadInt32BigEndian(list.AsSpan(offset));
                    yield return new(key, list.AsSpan(offset + LengthSize, length).ToArray());
                    offset += LengthSize + length;
                }
            }
        }
    }
}
