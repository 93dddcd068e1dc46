using System.Runtime.InteropServices;

namespace Streams.EmbeddedKafka.Internal;

/// <summary>Owns an <c>rd_kafka_t</c>; released with <c>rd_kafka_destroy</c>.</summary>
internal sealed class RdKafkaHandle : SafeHandle
{
    public RdKafkaHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Creates a producer handle with the given configuration properties and no brokers.</summary>
    /// <exception cref="InvalidOperationException">librdkafka rejected a property or could not create the handle.</exception>
    public static unsafe RdKafkaHandle CreateProducer(IReadOnlyDictionary<string, string> properties)
    {
        const int ErrorCapacity = 512;
        var errstr = stackalloc byte[ErrorCapacity];
        var conf = LibRdKafka.rd_kafka_conf_new();
        try
        {
            foreach (var (name, value) in properties)
            {
                if (LibRdKafka.rd_kafka_conf_set(conf, name, value, errstr, ErrorCapacity) != LibRdKafka.ConfOk)
                {
                    throw new InvalidOperationException($"librdkafka rejected {name}={value}: {Marshal.PtrToStringUTF8((IntPtr)errstr)}");
                }
            }

            var result = new RdKafkaHandle();
            var rk = LibRdKafka.rd_kafka_new(LibRdKafka.ProducerType, conf, errstr, ErrorCapacity);
            if (rk == IntPtr.Zero)
            {
                result.Dispose();
                throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((IntPtr)errstr)}");
            }

            // rd_kafka_new took ownership of conf.
            conf = IntPtr.Zero;
            result.SetHandle(rk);
            return result;
        }
        finally
        {
            if (conf != IntPtr.Zero)
            {
                LibRdKafka.rd_kafka_conf_destroy(conf);
            }
        }
    }

    protected override bool ReleaseHandle()
    {
        LibRdKafka.rd_kafka_destroy(handle);
        return true;
    }
}
