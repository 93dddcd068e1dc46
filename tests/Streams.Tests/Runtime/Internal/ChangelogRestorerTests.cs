using Streams.Runtime.Internal;
using Streams.State;

namespace Streams.Tests.Runtime.Internal;

public class ChangelogRestorerTests
{
    [Fact]
    public void Stores_that_need_timestamps_get_the_records_with_their_timestamps()
    {
        var callback = new RecordingCallback();

        ChangelogRestorer.Apply(callback, [new([1], [2], 10), new([3], null, 20)]);

        callback.Records.Select(r => (r.Key[0], r.Value?[0], r.TimestampMs)).Should().Equal(((byte)1, (byte?)2, 10L), ((byte)3, (byte?)null, 20L));
    }

    [Fact]
    public void Other_stores_get_key_value_pairs_in_changelog_order()
    {
        var callback = new PairsCallback();

        ChangelogRestorer.Apply(callback, [new([1], [2], 10), new([3], null, 20)]);

        callback.Pairs.Select(p => (p.Key[0], p.Value?[0])).Should().Equal(((byte)1, (byte?)2), ((byte)3, (byte?)null));
    }

    private sealed class RecordingCallback : IRecordBatchingStateRestoreCallback
    {
        public List<StateRestoreRecord> Records { get; } = [];

        public void RestoreBatch(IReadOnlyList<StateRestoreRecord> records) => Records.AddRange(records);
    }

    private sealed class PairsCallback : IStateRestoreCallback
    {
        public List<KeyValuePair<byte[], byte[]?>> Pairs { get; } = [];

        public void RestoreBatch(IReadOnlyList<KeyValuePair<byte[], byte[]?>> records) => Pairs.AddRange(records);
    }
}
