using System.Text;

namespace Streams.RocksDb.Tests.TestSupport;

/// <summary>Short helpers to write keys and values as text.</summary>
public static class Bytes
{
    public static byte[] Of(string s) => Encoding.UTF8.GetBytes(s);

    public static string Str(byte[]? b) => b is null ? "<null>" : Encoding.UTF8.GetString(b);

    public static List<string> Keys(IEnumerator<KeyValuePair<byte[], byte[]>> iterator)
    {
        var keys = new List<string>();
        while (iterator.MoveNext())
        {
            keys.Add(Str(iterator.Current.Key));
        }

        return keys;
    }
}
