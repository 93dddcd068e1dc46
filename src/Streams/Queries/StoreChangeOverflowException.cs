namespace Streams.Queries;

/// <summary>
/// Ends a push-query subscription (<see cref="StreamsApplication.ObserveStore{TKey, TValue}(string, int)"/>) whose
/// subscriber fell behind by more than its buffer capacity: the subscriber receives every change queued before the
/// overflow, then <c>OnError</c> with this exception; no change is dropped silently and the stream thread never waits.
/// Subscribe again (and re-read the store to catch up) to continue.
/// </summary>
public class StoreChangeOverflowException : Exception
{
    /// <summary>Creates the exception with no message.</summary>
    public StoreChangeOverflowException() { }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Names the store and the capacity.</param>
    public StoreChangeOverflowException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">Names the store and the capacity.</param>
    /// <param name="innerException">The underlying failure.</param>
    public StoreChangeOverflowException(string message, Exception innerException) : base(message, innerException) { }
}
