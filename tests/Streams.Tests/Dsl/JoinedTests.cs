using Streams.Dsl;
using Streams.Serialization;

namespace Streams.Tests.Dsl;

public class JoinedTests
{
    [Fact]
    public void Defaults_have_no_serdes_name_or_grace_period()
    {
        var joined = new Joined<string, long, string>();

        joined.KeySerde.Should().BeNull();
        joined.ValueSerde.Should().BeNull();
        joined.OtherValueSerde.Should().BeNull();
        joined.Name.Should().BeNull();
        joined.GracePeriod.Should().BeNull();
    }

    [Fact]
    public void With_sets_the_serdes_and_optionally_name_and_grace_period()
    {
        var joined = Joined<string?, long, string?>.With(Serdes.String, Serdes.Int64, Serdes.String, "enrich", TimeSpan.FromSeconds(5));

        joined.KeySerde.Should().BeSameAs(Serdes.String);
        joined.ValueSerde.Should().BeSameAs(Serdes.Int64);
        joined.OtherValueSerde.Should().BeSameAs(Serdes.String);
        (joined.Name, joined.GracePeriod).Should().Be(("enrich", TimeSpan.FromSeconds(5)));
        Joined<string?, long, string?>.With(Serdes.String, Serdes.Int64, Serdes.String).Name.Should().BeNull();
    }

    [Fact]
    public void WithX_methods_return_changed_copies()
    {
        var original = Joined<string?, long, string?>.As("j");

        var changed = original.WithKeySerde(Serdes.String).WithValueSerde(Serdes.Int64).WithOtherValueSerde(Serdes.String).WithName("k").WithGracePeriod(TimeSpan.Zero);

        original.Should().Be(Joined<string?, long, string?>.As("j"));
        (changed.Name, changed.GracePeriod, changed.KeySerde, changed.ValueSerde, changed.OtherValueSerde)
            .Should().Be(("k", TimeSpan.Zero, Serdes.String, Serdes.Int64, Serdes.String));
    }

    [Fact]
    public void A_negative_grace_period_and_an_illegal_name_are_rejected()
    {
        FluentActions.Invoking(() => new Joined<string, long, string>().WithGracePeriod(TimeSpan.FromMilliseconds(-1)))
            .Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Joined<string, long, string>.As("bad name")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Joined<string, long, string>.With(null, null, null, "ok", TimeSpan.FromTicks(-1)))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
