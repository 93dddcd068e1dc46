using System.Reflection;
using Streams.Processor;
using Streams.Serialization;

namespace Streams.TestDriver.Tests.Support;

/// <summary>
/// Adds Processor API nodes to a built <see cref="Topology"/>. The library has no public
/// <c>Topology.AddProcessor</c> yet and its internals are not visible to this assembly, so this goes through
/// the internal topology builder by reflection. Used only to test what the DSL cannot reach (wall-clock
/// punctuation, record metadata).
/// </summary>
internal static class ProcessorApi
{
    private static readonly Assembly StreamsAssembly = typeof(Topology).Assembly;

    public static void AddProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>(
        Topology topology, string name, string parent, Func<IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut>> supplier)
    {
        var nodeType = InternalType("Streams.Processor.Internal.ProcessorNode`4").MakeGenericType(typeof(TKeyIn), typeof(TValueIn), typeof(TKeyOut), typeof(TValueOut));
        object Create(IReadOnlySet<string> stores) => Activator.CreateInstance(nodeType, name, supplier(), stores)!;
        Invoke(topology, "AddProcessor", name, (IReadOnlyList<string>)[parent], Factory<IReadOnlySet<string>>(Create));
    }

    public static void AddSink<TKey, TValue>(Topology topology, string name, string topic, string parent, ISerde<TKey> keySerde, ISerde<TValue> valueSerde)
    {
        var nodeType = InternalType("Streams.Processor.Internal.SinkNode`2").MakeGenericType(typeof(TKey), typeof(TValue));
        object Create(string? decorated) => Activator.CreateInstance(nodeType, name, decorated, null, keySerde, valueSerde, null)!;
        Invoke(topology, "AddSink", name, topic, false, (IReadOnlyList<string>)[parent], Factory<string?>(Create));
    }

    private static Type InternalType(string name) => StreamsAssembly.GetType(name, throwOnError: true)!;

    private static void Invoke(Topology topology, string method, params object?[] args)
    {
        var builder = typeof(Topology).GetProperty("Builder", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(topology)!;
        try
        {
            builder.GetType().GetMethod(method)!.Invoke(builder, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            throw ex.InnerException;
        }
    }

    /// <summary>Turns <c>Func&lt;TArg, object&gt;</c> into <c>Func&lt;TArg, ProcessorNode&gt;</c>, whose result type is internal.</summary>
    private static Delegate Factory<TArg>(Func<TArg, object> create) =>
        (Delegate)typeof(ProcessorApi).GetMethod(nameof(Cast), BindingFlags.Static | BindingFlags.NonPublic)!
            .MakeGenericMethod(typeof(TArg), InternalType("Streams.Processor.Internal.ProcessorNode"))
            .Invoke(null, [create])!;

    private static Func<TArg, TResult> Cast<TArg, TResult>(Func<TArg, object> create) => arg => (TResult)create(arg);
}
