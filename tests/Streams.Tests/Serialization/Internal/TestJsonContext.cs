using System.Text.Json.Serialization;

namespace Streams.Tests.Serialization.Internal;

internal sealed record Order(int Id, string Name, decimal Amount);

[JsonSerializable(typeof(Order))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
