using System.Diagnostics.Metrics;
using System.Globalization;
using Confluent.Kafka;
using Streams.Dsl;
using Streams.IntegrationTests.FlightDelays;

namespace Streams.IntegrationTests.Runtime;

/// <summary>
/// The gauge <c>streams.consumer.records.lag</c> against the embedded broker, as the Kafka consumer's
/// <c>records-lag</c>: per assigned partition, the log-end offset minus the consumer's position.
/// </summary>
[Collection(nameof(EmbeddedBrokerTests2))]
public sealed class RecordsLagMetricTests() : EmbeddedBrokerTestBase("streams-records-lag-")
{
    private const string AppId = "records-lag";
    private const int Records = 200;

    [Fact]
    public async Task The_records_lag_is_the_log_end_offset_minus_the_position_and_reaches_zero_once_everything_is_read()
    {
        Cluster.CreateTopic("in", 1);
        Cluster.CreateTopic("out", 1);
        Produce("in", Enumerable.Range(0, Records).Select(i => ($"k{i}", i.ToString(CultureInfo.InvariantCulture))));
        using var stalled = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in")
            .Peek((_, v) =>
            {
                if (v == "50")
                {
                    stalled.Set();
                    release.Wait(Wait);
                }
            })
            .To("out");
        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = AppId,
            BootstrapServers = Cluster.BootstrapServers,
            StateDirectory = StateDir,
            MaxPollRecords = 10,
            Consumer = MockBrokerGroup.Consumer(),
        });
        try
        {
            await app.StartAsync();
            stalled.Wait(Wait).Should().BeTrue("the thread reaches the record at offset 50");

            // The thread is stuck in the record at offset 50, so its last published progress cannot change meanwhile.
            var partition = app.Progress.Partitions.Should().ContainSingle().Subject;
            partition.HighWatermark.Should().Be(Records, "every record was produced before the start");
            partition.Position.Should().BeInRange(app.Progress.RecordsProcessed, 50, "the position is past every processed record and not past the stuck one");
            var stuckLag = ObservedLag();
            stuckLag.Should().Be(Records - partition.Position).And.Be(partition.RecordsLag);
            stuckLag.Should().BeGreaterThanOrEqualTo(Records - 50);
        }
        finally
        {
            release.Set();
        }

        using (var timeout = new CancellationTokenSource(Wait))
        {
            while (app.Progress.RecordsProcessed < Records || ObservedLag() != 0)
            {
                await Task.Delay(20, timeout.Token);
            }
        }

        app.Progress.Partitions.Single().Position.Should().Be(Records);
        await app.StopAsync();
        ObservedLag().Should().BeNull("a stopped thread publishes no lag");
    }

    /// <summary>One collection of the gauge: this application's measurement for partition in-0, or null when there is none.</summary>
    private static long? ObservedLag()
    {
        long? lag = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == StreamsTelemetry.MeterName && instrument.Name == "streams.consumer.records.lag")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var (topic, partition, thread) = ((object?)null, (object?)null, (object?)null);
            foreach (var tag in tags)
            {
                switch (tag.Key)
                {
                    case "topic":
                        topic = tag.Value;
                        break;
                    case "partition":
                        partition = tag.Value;
                        break;
                    case "thread":
                        thread = tag.Value;
                        break;
                }
            }

            if (Equals(topic, "in") && Equals(partition, 0) && thread is string name && name.StartsWith(AppId + "-StreamThread-", StringComparison.Ordinal))
            {
                lag = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return lag;
    }
}
