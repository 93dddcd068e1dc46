using System.Text;
using Streams.Processor.Internal;

namespace Streams.Dsl.Internal.Graph;

/// <summary>
/// <see cref="TopologyOptions.EnsureExplicitInternalResourceNaming"/>, as Kafka Streams' KIP-1111
/// (<c>ensure.explicit.internal.resource.naming</c>): refuses a topology in which a state store (and so its changelog
/// topic) or an internal topic has a generated name, listing each with how to name it.
/// </summary>
internal static class ExplicitNaming
{
    public static void Check(InternalTopologyBuilder builder, NameGenerator names)
    {
        var stores = builder.Stores.Keys.Concat(builder.GlobalStores.Select(g => g.Store.Name))
            .Where(names.GeneratedStores.ContainsKey)
            .Order(StringComparer.Ordinal)
            .ToList();
        var topics = builder.InternalTopics.Where(names.GeneratedTopics.ContainsKey).Order(StringComparer.Ordinal).ToList();
        if (stores.Count == 0 && topics.Count == 0)
        {
            return;
        }

        var message = new StringBuilder(
            "EnsureExplicitInternalResourceNaming is on (KIP-1111) and these state stores and internal topics have generated names, " +
            "which change when the topology changes (losing state or stranding records); name each explicitly:");
        foreach (var store in stores)
        {
            var logged = builder.Stores.TryGetValue(store, out var factory) && factory.LoggingEnabled;
            message.Append("\n - state store '").Append(store).Append('\'');
            if (logged)
            {
                message.Append(" and its changelog topic '<applicationId>-").Append(store).Append("-changelog'");
            }

            message.Append(": name it with ").Append(names.GeneratedStores[store]);
        }

        foreach (var topic in topics)
        {
            message.Append("\n - repartition topic '<applicationId>-").Append(topic).Append("-repartition': name it with ").Append(names.GeneratedTopics[topic]);
        }

        throw new TopologyException(message.ToString());
    }
}
