using Streams.RocksDb.Internal;

namespace Streams.RocksDb.Tests.TestSupport;

/// <summary>
/// The segments a segmented store's database holds on disk (key prefixes with any live key, range deletes applied), by
/// Kafka Streams' segment name <c>{store}.{start}</c>: read through a read-only open, which takes no lock and replays the
/// write-ahead log, so it works while the store is open or after it closed. Fails when the database has any column family
/// but the default one (segments are prefixes, not column families).
/// </summary>
public static class SegmentNames
{
    public static IReadOnlyList<string> Of(string dbDirectory, string storeName, long segmentIntervalMs)
    {
        ColumnFamilyNames.Of(dbDirectory).Should().BeEmpty("every segment is a key prefix of the default column family");
        using var db = RocksDbSharp.RocksDb.OpenReadOnly(new RocksDbSharp.DbOptions(), dbDirectory, false);
        using var iterator = db.NewIterator();
        var names = new List<string>();
        iterator.SeekToFirst();
        while (iterator.Valid())
        {
            var id = RocksDbSegment.IdOf(iterator.Key());
            names.Add(RocksDbSegment.SegmentName(storeName, id * segmentIntervalMs));
            if (RocksDbKeyValueBytesStore.PrefixEnd(RocksDbSegment.Prefix(id)) is not { } next)
            {
                break;
            }

            iterator.Seek(next);
        }

        return names;
    }
}
