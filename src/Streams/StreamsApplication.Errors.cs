using Streams.Errors;
using Streams.Runtime.Internal;

namespace Streams;

/// <summary>The uncaught exception handler (KIP-671): what happens when a stream thread dies.</summary>
public sealed partial class StreamsApplication
{
    private Func<Exception, StreamThreadExceptionResponse>? _uncaughtExceptionHandler;

    /// <summary>
    /// Sets the handler called when the stream thread dies of an exception (a processing, deserialization or production
    /// failure whose handler said fail, a failed commit...), as Kafka Streams' <c>setUncaughtExceptionHandler</c>
    /// (KIP-671). <see cref="StreamThreadExceptionResponse.ReplaceThread"/> starts a new stream thread: the dead thread's
    /// tasks were closed without committing, it left the group, and the new one rejoins and resumes from the last committed
    /// offsets, so the failing record is processed again (the state goes <see cref="StreamsState.Rebalancing"/> then
    /// <see cref="StreamsState.Running"/>). <see cref="StreamThreadExceptionResponse.ShutdownClient"/> stops the other stream threads
    /// gracefully (as Kafka's <c>closeToError</c>) and then moves the application to <see cref="StreamsState.Error"/> with
    /// <see cref="Error"/> set; <see cref="StreamThreadExceptionResponse.ShutdownApplication"/>
    /// does the same here (other instances are not told) and logs a warning. Without a handler the application goes to
    /// <see cref="StreamsState.Error"/>. A handler that throws counts as ShutdownClient.
    /// </summary>
    /// <param name="handler">Called on the dying stream thread with the exception; must not block for long.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The application was already started.</exception>
    public void SetUncaughtExceptionHandler(Func<Exception, StreamThreadExceptionResponse> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_stateLock)
        {
            if (_state != StreamsState.Created)
            {
                throw new InvalidOperationException($"SetUncaughtExceptionHandler can be called only before StartAsync, in state Created; the state is {_state}.");
            }

            _uncaughtExceptionHandler = handler;
        }
    }

    /// <summary>
    /// Asks the handler what to do with a dead thread; starts its replacement and returns true on ReplaceThread. With a
    /// handler, a failed thread leaves the group (StreamThread.LeaveGroupOnFailure) so that its replacement rejoins fast.
    /// A thread whose producer was fenced (<see cref="ProducerFencedException"/>) left the group and is replaced without
    /// asking, with or without a handler (Kafka Streams handles it as a task migration).
    /// </summary>
    private bool TryReplaceThread(int deadIndex, Exception exception)
    {
        var handler = _uncaughtExceptionHandler;
        var fenced = exception is ProducerFencedException;
        if ((handler is null && !fenced) || _stop.IsCancellationRequested || _failure is not null)
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
            Log.UncaughtHandlerFailed(_logger, handlerError);
            return false;
        }

        if (response == StreamThreadExceptionResponse.ShutdownApplication)
        {
            Log.ShutdownApplicationUnsupported(_logger);
        }

        if (response != StreamThreadExceptionResponse.ReplaceThread)
        {
            return false;
        }

        // As Kafka's replaceStreamThread: the dead thread still holds its index, so the replacement takes the lowest free one.
        lock (_threadsLock)
        {
            if (_stop.IsCancellationRequested || _failure is not null)
            {
                return false;
            }

            SetState(StreamsState.Rebalancing);
            var replacement = CreateThreadLocked();
            Log.ThreadReplaced(_logger, deadIndex, replacement.Index, exception);
            replacement.OsThread.Start();
        }

        return true;
    }
}
