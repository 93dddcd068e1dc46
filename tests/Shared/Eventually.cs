using System.Diagnostics;

namespace Streams.Testing;

/// <summary>
/// The one bounded wait of the integration-style tests (real broker, real threads): polls a condition every
/// <see cref="PollInterval"/> until it holds or a deadline passes. Tests on the in-memory model or the test driver use
/// virtual time instead and need none of this.
/// </summary>
internal static class Eventually
{
    /// <summary>How often the condition is evaluated: 20 ms.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds; throws a <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> after <paramref name="within"/>. <paramref name="failure"/>, when given, is checked first on
    /// every poll and ends the wait at once with an <see cref="InvalidOperationException"/> carrying its message (e.g. the
    /// application entered Error), so a broken run fails in milliseconds, not at the deadline.
    /// </summary>
    public static async Task Until(Func<bool> condition, Func<string> what, TimeSpan within, Func<string?>? failure = null)
    {
        if (!await TryUntil(() => Task.FromResult(condition()), within, failure))
        {
            throw new TimeoutException($"Timed out after {within} waiting until {what()}.");
        }
    }

    /// <summary>
    /// Waits until the asynchronous <paramref name="condition"/> holds or <paramref name="within"/> passes; returns whether
    /// it held, so that the caller's assertions report what was missing. <paramref name="failure"/> as in
    /// <see cref="Until"/>.
    /// </summary>
    public static async Task<bool> TryUntil(Func<Task<bool>> condition, TimeSpan within, Func<string?>? failure = null)
    {
        var started = Stopwatch.StartNew();
        while (true)
        {
            if (failure?.Invoke() is { } message)
            {
                throw new InvalidOperationException(message);
            }

            if (await condition())
            {
                return true;
            }

            if (started.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(PollInterval);
        }
    }
}
