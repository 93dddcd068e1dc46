using Microsoft.Extensions.Logging;
using Streams.Errors;

namespace Streams.Runtime.Internal;

/// <summary>
/// What happens when a stream thread dies of an exception, as Kafka Streams' <c>handleStreamsUncaughtException</c>
/// (KIP-671): holds the uncaught exception handler (<c>StreamsApplication.SetUncaughtExceptionHandler</c>) and turns a
/// dead thread's exception into "replace the thread" or "end the instance in Error". <see cref="StreamThreadSupervisor"/>
/// acts on the answer. The handler is set before the start only, so reading it needs no lock.
/// </summary>
/// <param name="logger">The application's logger (a handler that throws, an unsupported ShutdownApplication).</param>
/// <param name="state">The instance's state: the handler can be set only while it is <see cref="StreamsState.Created"/>.</param>
internal sealed class UncaughtExceptionEscalation(ILogger logger, StreamsClientState state)
{
    /// <summary>The user's handler; null (the default) sends every failure but a fenced producer to Error.</summary>
    private Func<Exception, StreamThreadExceptionResponse>? _handler;

    /// <summary>
    /// Whether a failed thread leaves the group (<c>StreamThread.LeaveGroupOnFailure</c>): with a handler, so that a
    /// replacement rejoins fast.
    /// </summary>
    public bool LeaveGroupOnFailure => _handler is not null;

    /// <summary>As <c>StreamsApplication.SetUncaughtExceptionHandler</c>: sets the handler, before the start only.</summary>
    /// <param name="handler">Called on the dying stream thread with the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The instance was already started (its state is not <see cref="StreamsState.Created"/>).</exception>
    public void SetHandler(Func<Exception, StreamThreadExceptionResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        state.RunWhileCreated(
            current => $"SetUncaughtExceptionHandler can be called only before StartAsync, in state Created; the state is {current}.",
            () => _handler = handler);
    }

    /// <summary>
    /// Asks the handler what to do with a dead thread's <paramref name="exception"/>; true on
    /// <see cref="StreamThreadExceptionResponse.ReplaceThread"/>. A thread whose producer was fenced
    /// (<see cref="ProducerFencedException"/>) left the group and is replaced without asking, with or without a handler
    /// (Kafka Streams handles it as a task migration). ShutdownApplication is logged as unsupported and answers as
    /// ShutdownClient; a handler that throws (logged) counts as ShutdownClient.
    /// </summary>
    /// <param name="exception">The exception the stream thread died of.</param>
    /// <returns>True to start a replacement thread; false to end the instance in Error.</returns>
    public bool ShouldReplaceThread(Exception exception)
    {
        var handler = _handler;
        var fenced = exception is ProducerFencedException;
        if (handler is null && !fenced)
        {
            return false;
        }

        StreamThreadExceptionResponse response;
        try
        {
            // A fenced producer is Kafka Streams' TaskMigratedException, handled without asking the handler: the
            // replacement thread has a new producer.
            response = fenced ? StreamThreadExceptionResponse.ReplaceThread : handler!(exception);
        }
        catch (Exception handlerError)
        {
            Log.UncaughtHandlerFailed(logger, handlerError);
            return false;
        }

        if (response == StreamThreadExceptionResponse.ShutdownApplication)
        {
            Log.ShutdownApplicationUnsupported(logger);
        }

        return response == StreamThreadExceptionResponse.ReplaceThread;
    }
}
