namespace Streams.Runtime.Internal;

/// <content>Purging repartition topics after commits.</content>
internal sealed partial class TaskManager
{
    /// <summary>Deletes consumed repartition records after commits (called from <see cref="Commit"/>).</summary>
    private readonly RepartitionPurger _purger = RepartitionPurger.For(builder, options, logger);
}
