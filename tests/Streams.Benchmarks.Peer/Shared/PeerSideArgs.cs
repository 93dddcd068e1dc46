using System.Globalization;

namespace Streams.Benchmarks.Peer;

/// <summary>
/// The command line of a side's process, the same for both sides:
/// <c>run --bootstrap B --app-id A --input-topic T --output-topic O --records N --stores memory|rocksdb --cache on|off --state-dir D</c>
/// or <c>driver --input FILE --records N --stores memory|rocksdb --cache on|off --state-dir D --result-file F</c>;
/// optionally <c>--warmup-records W</c> (both modes) and, for run, <c>--warmup-input-topic T</c> (see <see cref="PeerWarmup"/>).
/// </summary>
public sealed class PeerSideArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private PeerSideArgs(string mode) => Mode = mode;

    /// <summary>run or driver.</summary>
    public string Mode { get; }

    /// <summary>Parses <c>mode --name value ...</c>.</summary>
    /// <exception cref="ArgumentException">No mode, an unknown mode, or an option without a value.</exception>
    public static PeerSideArgs Parse(IReadOnlyList<string> args)
    {
        if (args.Count == 0 || args[0] is not ("run" or "driver"))
        {
            throw new ArgumentException("usage: run|driver --name value ... (see PeerSideArgs)");
        }

        var parsed = new PeerSideArgs(args[0]);
        for (var i = 1; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value at '{args[i]}'");
            }

            parsed._values[args[i][2..]] = args[i + 1];
        }

        return parsed;
    }

    /// <summary>The value of <c>--name</c>.</summary>
    /// <exception cref="ArgumentException">The option is missing.</exception>
    public string this[string name] => _values.TryGetValue(name, out var v) ? v : throw new ArgumentException($"missing --{name}");

    /// <summary>--records.</summary>
    public long Records => long.Parse(this["records"], CultureInfo.InvariantCulture);

    /// <summary>--warmup-records, 0 when absent (no warm-up).</summary>
    public long WarmupRecords => _values.TryGetValue("warmup-records", out var v) ? long.Parse(v, CultureInfo.InvariantCulture) : 0;

    /// <summary>--stores rocksdb.</summary>
    public bool RocksDb => this["stores"] switch
    {
        "rocksdb" => true,
        "memory" => false,
        var s => throw new ArgumentException($"--stores {s}: expected memory or rocksdb"),
    };

    /// <summary>--cache on.</summary>
    public bool Cache => this["cache"] switch
    {
        "on" => true,
        "off" => false,
        var s => throw new ArgumentException($"--cache {s}: expected on or off"),
    };

    /// <summary>A copy with the given options set (added or replaced).</summary>
    public PeerSideArgs With(params (string Name, object Value)[] options)
    {
        var copy = new PeerSideArgs(Mode);
        foreach (var (name, value) in _values)
        {
            copy._values[name] = value;
        }

        foreach (var (name, value) in options)
        {
            copy._values[name] = Convert.ToString(value, CultureInfo.InvariantCulture)!;
        }

        return copy;
    }

    /// <summary>The arguments for <paramref name="mode"/> with the given options, in order.</summary>
    public static IReadOnlyList<string> Build(string mode, params (string Name, object Value)[] options) =>
        [mode, .. options.SelectMany(o => new[] { "--" + o.Name, Convert.ToString(o.Value, CultureInfo.InvariantCulture)! })];
}
