using System.Globalization;

namespace Streams.RocksDb.Tests.TestSupport;

/// <summary>Reads the newest <c>OPTIONS-NNNNNN</c> file RocksDB wrote in a database directory (it writes one at open and after each SetOptions).</summary>
public static class OptionsFile
{
    public static string Latest(string dbDirectory) =>
        File.ReadAllText(Directory.GetFiles(dbDirectory, "OPTIONS-*")
            .Where(f => !f.EndsWith(".dbtmp", StringComparison.Ordinal))
            .OrderBy(f => long.Parse(Path.GetFileName(f)["OPTIONS-".Length..], CultureInfo.InvariantCulture))
            .Last());

    /// <summary>The value of <paramref name="name"/> in the newest OPTIONS file (first occurrence, trimmed).</summary>
    public static string? Value(string dbDirectory, string name)
    {
        foreach (var line in Latest(dbDirectory).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return trimmed[(name.Length + 1)..];
            }
        }

        return null;
    }

    /// <summary>The value of <paramref name="name"/> in the section of column family <paramref name="family"/> of the newest OPTIONS file.</summary>
    public static string? FamilyValue(string dbDirectory, string family, string name)
    {
        var inSection = false;
        foreach (var line in Latest(dbDirectory).Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                inSection = trimmed.StartsWith($"[CFOptions \"{family}\"]", StringComparison.Ordinal);
            }
            else if (inSection && trimmed.StartsWith(name + "=", StringComparison.Ordinal))
            {
                return trimmed[(name.Length + 1)..];
            }
        }

        return null;
    }
}
