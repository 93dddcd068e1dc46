using System.Reflection;
using System.Runtime.CompilerServices;
using FluentAssertions;
using Streams.Processor;
using Streams.Processor.Internal;
using Xunit;

namespace Streams.Tests.Processor.Internal;

/// <summary>
/// .NET 10's JIT inlines methods with try regions; along guarded-devirtualized chains of processor nodes forwarding
/// to each other, its tier-1 compile of a forwarding method never finishes and takes memory without bound
/// (docs/reliability.md, "Hardening": the idle worker's memory). No method with a try region on the forward path
/// may be inlined, whatever the runtime settings.
/// </summary>
public sealed class ForwardPathInliningTests
{
    private static readonly Type[] ForwardPathInterfaces =
    [
        typeof(IRecordReceiver<,>),
        typeof(IProcessor<,,,>),
        typeof(IProcessorContext<,>),
        typeof(IFixedKeyProcessor<,,>),
        typeof(IFixedKeyProcessorContext<,>),
    ];

    [Fact]
    public void MethodsWithTryRegionsOnTheForwardPathAreNeverInlined()
    {
        var offenders = typeof(ProcessorNode).Assembly.GetTypes()
            .Where(IsOnForwardPath)
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => !m.IsAbstract && m.GetMethodBody() is { ExceptionHandlingClauses.Count: > 0 })
            .Where(m => (m.MethodImplementationFlags & MethodImplAttributes.NoInlining) == 0)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        offenders.Should().BeEmpty("a try region inlined along the forward path makes .NET 10's JIT run away");
    }

    [Fact]
    public void TheForwardPathIsFound()
    {
        // The rule above would hold vacuously if no type were recognised as on the forward path.
        var onPath = typeof(ProcessorNode).Assembly.GetTypes().Where(IsOnForwardPath).ToList();
        onPath.Should().Contain(typeof(ProcessorNode<,,,>)).And.Contain(t => t.Name.StartsWith("SinkNode", StringComparison.Ordinal));
    }

    private static bool IsOnForwardPath(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && ForwardPathInterfaces.Contains(i.GetGenericTypeDefinition()));
}
