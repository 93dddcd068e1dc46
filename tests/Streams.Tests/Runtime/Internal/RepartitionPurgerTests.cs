using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Streams.Runtime.Internal;
using Streams.Tests.Support;

namespace Streams.Tests.Runtime.Internal;

public class RepartitionPurgerTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(30);
    private readonly ManualTimeProvider _time = new(1_000_000);
    private readonly List<IReadOnlyList<TopicPartitionOffset>> _requests = [];

    [Fact]
    public async Task Deletes_repartition_records_before_the_committed_offsets_once_the_interval_has_passed()
    {
        var purger = Purger(_ => Task.CompletedTask);

        purger.OnCommitted([Committed("app-x-repartition", 0, 10), Committed("in", 0, 7)]);
        _time.Advance(s_interval);
        purger.OnCommitted([Committed("app-x-repartition", 1, 4)]);
        _requests.Should().BeEmpty("exactly the interval is not more than the interval, as Kafka Streams");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 12)]);
        await purger.InFlight!;

        _requests.Should().ContainSingle().Which.Should().BeEquivalentTo(
            [Committed("app-x-repartition", 0, 12), Committed("app-x-repartition", 1, 4)], "the newest committed offset of each repartition partition, never a source topic");
    }

    [Fact]
    public async Task The_next_purge_waits_for_the_next_interval_and_sends_only_partitions_committed_since()
    {
        var purger = Purger(_ => Task.CompletedTask);
        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 10), Committed("app-x-repartition", 1, 3)]);
        await purger.InFlight!;

        _time.Advance(TimeSpan.FromSeconds(10));
        purger.OnCommitted([Committed("app-x-repartition", 0, 20)]);
        _requests.Should().HaveCount(1);

        _time.Advance(s_interval);
        purger.OnCommitted([]);
        await purger.InFlight!;

        _requests.Should().HaveCount(2);
        _requests[1].Should().BeEquivalentTo([Committed("app-x-repartition", 0, 20)]);
    }

    [Fact]
    public async Task No_request_is_sent_while_the_previous_one_is_in_flight()
    {
        var pending = new TaskCompletionSource();
        var purger = Purger(_ => pending.Task);
        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 10)]);

        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 20)]);
        _requests.Should().HaveCount(1);

        pending.SetResult();
        await purger.InFlight!;
        purger.OnCommitted([]);
        _requests.Should().HaveCount(2);
        _requests[1].Should().BeEquivalentTo([Committed("app-x-repartition", 0, 20)], "the offsets committed meanwhile were kept");
    }

    [Fact]
    public async Task A_broker_without_DeleteRecords_is_never_asked_again()
    {
        var purger = Purger(_ => Task.FromException(new KafkaException(ErrorCode.Local_UnsupportedFeature)));
        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 10)]);
        await purger.InFlight!;

        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 20)]);

        purger.Unsupported.Should().BeTrue();
        _requests.Should().HaveCount(1);
    }

    [Fact]
    public async Task Another_failure_is_retried_at_the_next_interval()
    {
        var purger = Purger(_ => Task.FromException(new KafkaException(ErrorCode.RequestTimedOut)));
        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 10)]);
        await purger.InFlight!;

        _time.Advance(s_interval + TimeSpan.FromMilliseconds(1));
        purger.OnCommitted([Committed("app-x-repartition", 0, 20)]);
        await purger.InFlight!;

        purger.Unsupported.Should().BeFalse();
        _requests.Should().HaveCount(2);
    }

    [Fact]
    public void Commits_of_source_topics_only_send_nothing()
    {
        var purger = Purger(_ => Task.CompletedTask);
        _time.Advance(TimeSpan.FromHours(1));

        purger.OnCommitted([Committed("in", 0, 10)]);

        _requests.Should().BeEmpty();
        purger.InFlight.Should().BeNull();
    }

    private RepartitionPurger Purger(Func<IReadOnlyList<TopicPartitionOffset>, Task> answer) =>
        new(new HashSet<string> { "app-x-repartition" }, s_interval, _time, request =>
        {
            _requests.Add(request);
            return answer(request);
        }, NullLogger.Instance);

    private static TopicPartitionOffset Committed(string topic, int partition, long offset) => new(topic, new Partition(partition), new Offset(offset));
}
