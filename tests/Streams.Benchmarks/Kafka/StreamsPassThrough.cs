using System.Diagnostics;
using Streams.Dsl;
using Streams.Serialization;

namespace Streams.Benchmarks.Kafka;

/// <summary>
/// The framework side: a <see cref="StreamsApplication"/> with a fresh application id running
/// <c>Stream&lt;byte[], byte[]&gt;(input).To(output)</c>, watched through <see cref="StreamsApplication.Progress"/>
/// (polled every 2 ms) until every input record is processed and acknowledged by the broker on the output.
/// </summary>
internal sealed class StreamsPassThrough(string bootstrapServers, string inputTopic, string outputTopic, long messages, string applicationId)
{
    public async Task<KafkaRun> RunAsync(CancellationToken cancellationToken)
    {
        var builder = new StreamsBuilder();
        builder.Stream(inputTopic, Consumed<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray))
            .To(outputTopic, Produced<byte[]?, byte[]?>.With(Serdes.ByteArray, Serdes.ByteArray));
        var stateDirectory = Path.Combine(Path.GetTempPath(), "streams-bench-kafka-" + Guid.NewGuid().ToString("N")[..8]);
        var options = new StreamsOptions
        {
            ApplicationId = applicationId + "-" + Guid.NewGuid().ToString("N")[..8],
            BootstrapServers = bootstrapServers,
            StateDirectory = stateDirectory,
            Consumer = KafkaBenchmark.CommonConsumer(),
            Producer = KafkaBenchmark.CommonProducer(),
        };
        try
        {
            await using var app = new StreamsApplication(builder.Build(), options);
            var sw = Stopwatch.StartNew();
            await app.StartAsync(cancellationToken);
            TimeSpan? first = null;
            long countedFrom = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (app.State == StreamsState.Error)
                {
                    throw new InvalidOperationException("The Streams application failed.", app.Error);
                }

                var p = app.Progress;
                if (first is null && p.RecordsProcessed > 0)
                {
                    first = sw.Elapsed;
                    countedFrom = p.RecordsProcessed;
                }

                if (p.RecordsProcessed >= messages && p.RecordsProduced >= messages)
                {
                    break;
                }

                await Task.Delay(2, cancellationToken);
            }

            var last = sw.Elapsed;
            await app.StopAsync(cancellationToken);
            return new KafkaRun(messages, first!.Value, last, countedFrom);
        }
        finally
        {
            try
            {
                Directory.Delete(stateDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
