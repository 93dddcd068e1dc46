namespace Streams.Dsl.Internal.ForeignKeyJoin;

/// <summary>
/// The names one foreign-key join uses, undecorated (without the application id): its two internal topics,
/// its subscription store, and the pseudo topics its serdes serialize keys and hashes for, as Kafka Streams:
/// <c>{applicationId}-{subscription topic}-fk</c> (foreign keys in subscription-store keys),
/// <c>-pk</c> (primary keys in subscriptions and store keys) and <c>-vh</c> (left values hashed).
/// </summary>
/// <param name="SubscriptionTopic">The subscription topic, e.g. <c>KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000006-topic</c>.</param>
/// <param name="ResponseTopic">The response topic, e.g. <c>KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000014-topic</c>.</param>
/// <param name="SubscriptionStore">The subscription store name.</param>
internal sealed record ForeignKeyJoinTopics(string SubscriptionTopic, string ResponseTopic, string SubscriptionStore)
{
    public string ForeignKeyTopic(string applicationId) => $"{applicationId}-{SubscriptionTopic}-fk";

    public string PrimaryKeyTopic(string applicationId) => $"{applicationId}-{SubscriptionTopic}-pk";

    public string ValueHashTopic(string applicationId) => $"{applicationId}-{SubscriptionTopic}-vh";

    /// <summary>
    /// The primary-key pseudo topic for a serde called with <paramref name="contextTopic"/>: the decorated
    /// subscription topic (sink and source) or the subscription store's changelog, both of which start with the
    /// application id. Other topics (a store not yet initialized) get the undecorated pseudo topic.
    /// </summary>
    public string PrimaryKeyTopicFor(string contextTopic)
    {
        var subscription = "-" + SubscriptionTopic;
        if (contextTopic.EndsWith(subscription, StringComparison.Ordinal))
        {
            return contextTopic + "-pk";
        }

        var changelog = "-" + SubscriptionStore + "-changelog";
        return contextTopic.EndsWith(changelog, StringComparison.Ordinal)
            ? PrimaryKeyTopic(contextTopic[..^changelog.Length])
            : SubscriptionTopic + "-pk";
    }
}
