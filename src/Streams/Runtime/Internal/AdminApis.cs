using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streams.Runtime.Internal;

/// <summary>
/// Whether the broker answers the AdminClient APIs internal topics need (<c>DescribeConfigs</c>, <c>CreateTopics</c>).
/// librdkafka's mock cluster has neither, and a topic-level request there waits for a controller the mock never names
/// until the request timeout (5 s by default: measured, that was the whole delay of a start on the mock). A
/// <c>DescribeConfigs</c> of one broker's configs goes to that broker, and librdkafka refuses it locally, from the broker's
/// ApiVersions, when the broker lacks the API: on the mock it fails in ~3 ms with <c>Local_UnsupportedFeature</c>.
/// Any other outcome (configs, an authorization error, a timeout) counts as supported, so a real cluster is never
/// mistaken for the mock.
/// </summary>
internal static class AdminApis
{
    /// <summary>Probes once; returns why the admin APIs are unsupported, or null when they are (or may be) supported.</summary>
    /// <param name="admin">The admin client.</param>
    /// <param name="metadata">Cluster metadata just fetched through <paramref name="admin"/> (names the broker to ask).</param>
    /// <param name="timeout">Bounds the probe on a slow cluster.</param>
    /// <returns>The reason, or null.</returns>
    public static async Task<string?> UnsupportedReasonAsync(IAdminClient admin, Metadata metadata, TimeSpan timeout)
    {
        var broker = metadata.OriginatingBrokerId >= 0 ? metadata.OriginatingBrokerId : metadata.Brokers.FirstOrDefault()?.BrokerId ?? -1;
        if (broker < 0)
        {
            return null;
        }

        try
        {
            await admin.DescribeConfigsAsync(
                [new ConfigResource { Type = ResourceType.Broker, Name = broker.ToString(System.Globalization.CultureInfo.InvariantCulture) }],
                new DescribeConfigsOptions { RequestTimeout = timeout }).ConfigureAwait(false);
            return null;
        }
        catch (DescribeConfigsException e) when (e.Results.Any(r => IsUnsupported(r.Error)))
        {
            return e.Results.First(r => IsUnsupported(r.Error)).Error.Reason;
        }
        catch (KafkaException e) when (IsUnsupported(e.Error))
        {
            return e.Error.Reason;
        }
        catch (KafkaException)
        {
            return null;
        }
    }

    /// <summary>Whether an error says the broker lacks the API (librdkafka's local check or the broker's answer).</summary>
    public static bool IsUnsupported(Error error) => error.Code is ErrorCode.Local_UnsupportedFeature or ErrorCode.UnsupportedVersion;
}
