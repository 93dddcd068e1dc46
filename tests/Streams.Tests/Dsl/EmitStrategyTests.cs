using Streams.Dsl;

namespace Streams.Tests.Dsl;

public class EmitStrategyTests
{
    [Fact]
    public void The_factories_return_the_strategy_of_their_name()
    {
        EmitStrategy.OnWindowUpdate().Type.Should().Be(EmitStrategyType.OnWindowUpdate);
        EmitStrategy.OnWindowClose().Type.Should().Be(EmitStrategyType.OnWindowClose);
        EmitStrategy.OnWindowClose().Should().Be(EmitStrategy.OnWindowClose()).And.NotBe(EmitStrategy.OnWindowUpdate());
    }
}
