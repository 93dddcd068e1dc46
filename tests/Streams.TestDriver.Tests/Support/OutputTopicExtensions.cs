namespace Streams.TestDriver.Tests.Support;

internal static class OutputTopicExtensions
{
    /// <summary>Reads every remaining record as (key, value) tuples, which compare well against tuple literals.</summary>
    public static List<(TKey Key, TValue Value)> ReadPairs<TKey, TValue>(this TestOutputTopic<TKey, TValue> topic) =>
        topic.ReadKeyValuesToList().Select(kv => (kv.Key, kv.Value)).ToList();
}
