namespace Streams.RocksDb.Tests.TestSupport;

/// <summary>The column families a RocksDB database directory holds, read from its manifest (works while the database is open).</summary>
public static class ColumnFamilyNames
{
    /// <summary>The names of the column families of the database in <paramref name="dbDirectory"/>, the default one left out.</summary>
    public static IReadOnlyList<string> Of(string dbDirectory) =>
        [.. RocksDbSharp.RocksDb.ListColumnFamilies(new RocksDbSharp.DbOptions(), dbDirectory).Where(n => n != "default")];
}
