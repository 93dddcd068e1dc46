using System.Text;
using Streams.Dsl.Internal.ForeignKeyJoin;
using Streams.Serialization;

namespace Streams.Tests.Dsl.Internal.ForeignKeyJoin;

public class CombinedKeySchemaTests
{
    private static readonly CombinedKeySchema<string?, string?> Schema = new(Serdes.String, Serdes.String, "app-t-fk", "app-t-pk");

    [Fact]
    public void Lays_out_the_foreign_key_length_then_the_foreign_key_then_the_primary_key()
    {
        var bytes = Schema.ToBytes("rhs1", "lhs1");

        bytes.Should().Equal([0, 0, 0, 4, .. Encoding.UTF8.GetBytes("rhs1"), .. Encoding.UTF8.GetBytes("lhs1")]);
    }

    [Fact]
    public void Round_trips_the_foreign_and_primary_key()
    {
        Schema.FromBytes(Schema.ToBytes("customer-7", "order-42")).Should().Be(new CombinedKey<string?, string?>("customer-7", "order-42"));
    }

    [Fact]
    public void The_prefix_of_a_foreign_key_starts_every_combined_key_of_it_and_no_key_of_a_longer_foreign_key()
    {
        var prefix = Schema.PrefixBytes("rhs1");

        Schema.ToBytes("rhs1", "a").AsSpan().StartsWith(prefix).Should().BeTrue();
        Schema.ToBytes("rhs1", "").AsSpan().StartsWith(prefix).Should().BeTrue();
        Schema.ToBytes("rhs10", "a").AsSpan().StartsWith(prefix).Should().BeFalse();
        Schema.ToBytes("rhs", "1a").AsSpan().StartsWith(prefix).Should().BeFalse();
    }

    [Fact]
    public void Integer_keys_use_their_serdes()
    {
        var schema = new CombinedKeySchema<int, long>(Serdes.Int32, Serdes.Int64, "fk", "pk");

        schema.ToBytes(7, 1).Should().Equal(0, 0, 0, 4, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 1);
        schema.FromBytes(schema.ToBytes(-3, long.MaxValue)).Should().Be(new CombinedKey<int, long>(-3, long.MaxValue));
    }

    [Fact]
    public void A_length_beyond_the_data_is_rejected()
    {
        var act = () => Schema.FromBytes([0, 0, 0, 9, 1, 2]);

        act.Should().Throw<InvalidDataException>();
    }
}
