using System.Runtime.InteropServices;

namespace Streams.EmbeddedKafka.Internal;

/// <summary>
/// Owns an <c>rd_kafka_mock_cluster_t</c>; released with <c>rd_kafka_mock_cluster_destroy</c>. Holds a
/// reference on the <see cref="RdKafkaHandle"/> it was created on, so the cluster is always destroyed
/// before its handle, whether by <c>Dispose</c> or by the finalizer.
/// </summary>
internal sealed class MockClusterHandle : SafeHandle
{
    private RdKafkaHandle? _owner;

    public MockClusterHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Creates a mock cluster of <paramref name="brokerCount"/> brokers on <paramref name="owner"/>.</summary>
    /// <exception cref="InvalidOperationException">librdkafka could not create the cluster.</exception>
    public static MockClusterHandle Create(RdKafkaHandle owner, int brokerCount)
    {
        var result = new MockClusterHandle();
        var addedRef = false;
        try
        {
            owner.DangerousAddRef(ref addedRef);
            var mcluster = LibRdKafka.rd_kafka_mock_cluster_new(owner, brokerCount);
            if (mcluster == IntPtr.Zero)
            {
                throw new InvalidOperationException(
                    $"rd_kafka_mock_cluster_new failed (librdkafka {LibRdKafka.Version}, {brokerCount} brokers); see librdkafka's log on stderr.");
            }

            result._owner = owner;
            result.SetHandle(mcluster);
            return result;
        }
        catch
        {
            if (addedRef)
            {
                owner.DangerousRelease();
            }

            result.Dispose();
            throw;
        }
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafka.rd_kafka_mock_cluster_destroy(handle);
        _owner?.DangerousRelease();
        _owner = null;
        return true;
    }
}
