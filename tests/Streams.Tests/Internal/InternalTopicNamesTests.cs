using Streams.Internal;

namespace Streams.Tests.Internal;

public class InternalTopicNamesTests
{
    [Theory]
    [InlineData("KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic", "app-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic")]
    [InlineData("KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic", "app-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic")]
    [InlineData("oc-subscription-registration-topic", "app-oc-subscription-registration-topic")]
    [InlineData("oc-subscription-response-topic", "app-oc-subscription-response-topic")]
    [InlineData("by-customer", "app-by-customer-repartition")]
    [InlineData("my-topic", "app-my-topic-repartition")]
    public void Foreign_key_join_topics_keep_their_name_and_other_internal_topics_are_repartition_topics(string name, string decorated)
    {
        InternalTopicNames.Internal("app", name).Should().Be(decorated);
        InternalTopicNames.Described(name).Should().Be(decorated["app-".Length..]);
    }
}
