namespace Streams.TestDriver.Simulation;

/// <summary>
/// What a kill -9 leaves of an instance's state directory, copied while the instance's threads are abandoned where they
/// stand: every file but the directory lock (a new process takes its own).
/// </summary>
internal static class CrashSnapshot
{
    /// <summary>
    /// Copies <paramref name="from"/> (recursively) to <paramref name="to"/>, leaving out <c>.lock</c> files; nothing when
    /// <paramref name="from"/> does not exist. A file that disappears between listing and copying is left out: RocksDB's
    /// background threads, which no simulation schedules, delete obsolete files (old <c>OPTIONS-*</c>, WAL and SST files)
    /// at any moment, and a process killed at that moment leaves the directory without them too.
    /// </summary>
    /// <param name="from">The state directory of the crashed instance.</param>
    /// <param name="to">Where the snapshot goes (created).</param>
    public static void CopyStateDirectory(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }

        Directory.CreateDirectory(to);
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (Path.GetFileName(file) == ".lock")
            {
                continue;
            }

            try
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
            }
            catch (FileNotFoundException)
            {
                // Deleted by a RocksDB background thread after the listing: absent from this snapshot, as from a kill -9 at that moment.
            }
        }
    }
}
