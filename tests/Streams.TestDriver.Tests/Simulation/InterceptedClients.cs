using System.Reflection;
using System.Runtime.ExceptionServices;
using Confluent.Kafka;
using Streams.TestDriver.Simulation;

namespace Streams.TestDriver.Tests.Simulation;

/// <summary>
/// The model's clients (<see cref="InMemoryKafkaClientSupplier"/>), with the consumers of one role wrapped in an
/// <see cref="InterceptingConsumer"/>: a test makes a call stall, block or fail at a point of its choosing.
/// </summary>
/// <param name="inner">The model's supplier.</param>
/// <param name="role">Which consumers to wrap, by the role their request names (e.g. <see cref="KafkaClientRole.MainConsumer"/>, a stream thread's).</param>
/// <param name="hook">Sees every call of a wrapped consumer first; returns true with the call's result to answer it itself, false to forward it.</param>
internal sealed class InterceptedClients(InMemoryKafkaClientSupplier inner, KafkaClientRole role, InterceptingConsumer.Hook hook) : IKafkaClientSupplier
{
    public IAdminClient GetAdmin(KafkaAdminClientRequest request) => inner.GetAdmin(request);

    public IAdminClient GetDependentAdmin(IClient client) => inner.GetDependentAdmin(client);

    public IProducer<byte[], byte[]> GetProducer(KafkaProducerRequest request) => inner.GetProducer(request);

    public IConsumer<byte[], byte[]> GetConsumer(KafkaConsumerRequest request) => Intercepted(request, inner.GetConsumer(request));

    public IConsumer<byte[], byte[]> GetRestoreConsumer(KafkaConsumerRequest request) => Intercepted(request, inner.GetRestoreConsumer(request));

    public IConsumer<byte[], byte[]> GetGlobalConsumer(KafkaConsumerRequest request) => Intercepted(request, inner.GetGlobalConsumer(request));

    private IConsumer<byte[], byte[]> Intercepted(KafkaConsumerRequest request, IConsumer<byte[], byte[]> consumer) =>
        request.Role == role ? InterceptingConsumer.Wrap(consumer, hook) : consumer;
}

/// <summary>A consumer that forwards every call to an inner one once a hook has seen it, unless the hook answers it.</summary>
public class InterceptingConsumer : DispatchProxy
{
    private IConsumer<byte[], byte[]>? _inner;
    private Hook? _hook;

    /// <summary>Sees a call (method and arguments); returns true with the call's result to answer it, false to forward it.</summary>
    public delegate bool Hook(MethodInfo method, object?[] args, out object? result);

    internal static IConsumer<byte[], byte[]> Wrap(IConsumer<byte[], byte[]> inner, Hook hook)
    {
        var proxy = Create<IConsumer<byte[], byte[]>, InterceptingConsumer>();
        var self = (InterceptingConsumer)(object)proxy;
        self._inner = inner;
        self._hook = hook;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (_hook!(targetMethod, args ?? [], out var result))
        {
            return result;
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }
}
