using System.Security.Cryptography;
using System.Text;

namespace FlightDelays;

/// <summary>
/// The job's default state directory: per user and per checkout, so that two checkouts (or two users) never share RocksDB
/// state or checkpoints. Linux: <c>$XDG_STATE_HOME</c> (else <c>~/.local/state</c>); Windows and macOS: the user's local
/// application data; under it <c>streams/flight-delays/{checkout folder name}-{hash of the checkout path}</c>.
/// </summary>
public static class StateDirectoryDefault
{
    /// <summary>The default for the checkout this job runs from (see <see cref="Checkout"/>).</summary>
    public static string Path => For(Checkout());

    /// <summary>The default for <paramref name="checkout"/>.</summary>
    public static string For(string checkout)
    {
        var full = System.IO.Path.GetFullPath(checkout).TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..12];
        var name = System.IO.Path.GetFileName(full);
        return System.IO.Path.Combine(UserStateRoot(), "streams", "flight-delays", $"{(name.Length == 0 ? "root" : name)}-{hash}");
    }

    /// <summary>The checkout: the nearest folder above the job's binaries that holds <c>Streams.sln</c> or <c>.git</c>, else the binaries' folder.</summary>
    public static string Checkout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Streams.sln")) || System.IO.Path.Exists(System.IO.Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return AppContext.BaseDirectory;
    }

    private static string UserStateRoot()
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD())
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
            if (!string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg))
            {
                return xdg;
            }

            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (home.Length > 0)
            {
                return System.IO.Path.Combine(home, ".local", "state");
            }
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return local.Length > 0 ? local : System.IO.Path.Combine(System.IO.Path.GetTempPath(), Environment.UserName);
    }
}
