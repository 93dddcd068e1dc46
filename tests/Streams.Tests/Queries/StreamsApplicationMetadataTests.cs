using Confluent.Kafka;
using Streams.Dsl;
using Streams.Queries;

namespace Streams.Tests.Queries;

public class StreamsApplicationMetadataTests
{
    [Fact]
    public async Task Metadata_questions_before_start_throw_InvalidStateStoreException()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").GroupByKey().Count(Materialized<string, long>.As("counts"));
        await using var app = new StreamsApplication(builder.Build(), new StreamsOptions
        {
            ApplicationId = "app",
            BootstrapServers = "localhost:1",
            StateDirectory = Path.GetTempPath(),
            ApplicationServer = "localhost:7001",
        });

        FluentActions.Invoking(() => app.QueryMetadataForKey("counts", "k", Serializers.Utf8)).Should().Throw<InvalidStateStoreException>().WithMessage("*Created*");
        FluentActions.Invoking(app.MetadataForAllStreamsClients).Should().Throw<InvalidStateStoreException>();
        FluentActions.Invoking(() => app.StreamsMetadataForStore("counts")).Should().Throw<InvalidStateStoreException>();
    }

    [Fact]
    public async Task Disposing_twice_and_stopping_after_dispose_do_not_throw()
    {
        var builder = new StreamsBuilder();
        builder.Stream<string, string>("in").To("out");
        var app = new StreamsApplication(builder.Build(), new StreamsOptions { ApplicationId = "app", BootstrapServers = "localhost:1", StateDirectory = Path.GetTempPath() });

        await app.DisposeAsync();
        await FluentActions.Awaiting(async () => await app.DisposeAsync()).Should().NotThrowAsync();
        await FluentActions.Awaiting(() => app.StopAsync()).Should().NotThrowAsync();
    }
}
