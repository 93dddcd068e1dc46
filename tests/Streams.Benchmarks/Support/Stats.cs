using System.Globalization;

namespace Streams.Benchmarks.Support;

internal static class Stats
{
    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string N0(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string F(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    /// <summary>"min-max" of the values, for spread.</summary>
    public static string Range(IReadOnlyCollection<double> values) =>
        values.Count == 0 ? "n/a" : $"{N0(values.Min())}-{N0(values.Max())}";
}
