using Streams.Processor;

namespace Streams.Dsl.Internal;

/// <summary>Processor API operators with connected state stores, and <c>ProcessValues</c>.</summary>
internal sealed partial class KStreamImpl<TKey, TValue>
{
    public IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, params string[] stateStoreNames) =>
        Process(processorSupplier, null, stateStoreNames);

    public IKStream<TKeyOut, TValueOut> Process<TKeyOut, TValueOut>(
        Func<IProcessor<TKey, TValue, TKeyOut, TValueOut>> processorSupplier, Named? named, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(processorSupplier);
        return Stateless(named, "KSTREAM-PROCESSOR-", processorSupplier, null, null, true, keyChanging: true, stateStoreNames: StoreNames(stateStoreNames));
    }

    public IKStream<TKey, TValueOut> ProcessValues<TValueOut>(
        Func<IFixedKeyProcessor<TKey, TValue, TValueOut>> processorSupplier, Named? named = null, params string[] stateStoreNames)
    {
        ArgumentNullException.ThrowIfNull(processorSupplier);
        return Stateless<TKey, TValueOut>(
            named,
            "KSTREAM-PROCESSVALUES-",
            () => new KStreamProcessValues<TKey, TValue, TValueOut>(processorSupplier()),
            KeySerde,
            null,
            RepartitionRequired,
            valueChanging: true,
            stateStoreNames: StoreNames(stateStoreNames));
    }

    private static List<string> StoreNames(string[]? names)
    {
        var list = (names ?? []).ToList();
        if (list.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("State store names must not be null or empty.", nameof(names));
        }

        return list;
    }
}
