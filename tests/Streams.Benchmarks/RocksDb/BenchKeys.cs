using System.Buffers.Binary;
using Streams.Processor;
using Streams.State;

namespace Streams.Benchmarks.RocksDb;

/// <summary>Keys and values shaped as <c>db_bench</c> makes them, so both sides store the same bytes.</summary>
internal static class BenchKeys
{
    public const int KeySize = 16;

    /// <summary>
    /// db_bench's <c>GenerateKeyFromInt</c> without prefixes: the number as 8 big-endian bytes, then '0' padding up to
    /// <see cref="KeySize"/>, so keys sort by number.
    /// </summary>
    public static void Write(long n, Span<byte> key)
    {
        BinaryPrimitives.WriteInt64BigEndian(key, n);
        key[8..KeySize].Fill((byte)'0');
    }

    public static byte[] Of(long n)
    {
        var key = new byte[KeySize];
        Write(n, key);
        return key;
    }

    /// <summary>Distinct random values of <paramref name="size"/> bytes to cycle through (db_bench slices a random 1 MiB buffer).</summary>
    public static byte[][] Values(int size, int count, int seed)
    {
        var random = new Random(seed);
        var values = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            values[i] = new byte[size];
            random.NextBytes(values[i]);
        }

        return values;
    }
}

/// <summary>A store context over a task directory, as the runtime gives stores (registrations are ignored: nothing is restored).</summary>
internal sealed class BenchStoreContext(string taskDirectory, TaskId taskId) : IStateStoreContext
{
    public string ApplicationId => "bench-rocksdb";

    public TaskId TaskId { get; } = taskId;

    public string StateDirectory { get; } = taskDirectory;

    public void Register(IStateStore store, IStateRestoreCallback restoreCallback)
    {
    }
}
