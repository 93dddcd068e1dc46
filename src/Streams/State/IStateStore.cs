namespace Streams.State;

/// <summary>
/// A state store owned by a task (or, for global stores, by the instance), as Kafka Streams'
/// <c>StateStore</c>. The runtime calls <see cref="Init"/> once before processing, <see cref="Flush"/>
/// before every commit, and <see cref="Close"/> when the task closes.
/// </summary>
public interface IStateStore
{
    /// <summary>The store name, unique within a topology; also names its changelog topic.</summary>
    string Name { get; }

    /// <summary><see langword="true"/> when the store keeps its data on disk across restarts.</summary>
    bool Persistent { get; }

    /// <summary><see langword="true"/> between a successful <see cref="Init"/> and <see cref="Close"/>.</summary>
    bool IsOpen { get; }

    /// <summary>Opens the store and registers it (with its restore callback) with the context.</summary>
    /// <param name="context">The task's store context.</param>
    /// <param name="root">The outermost store of the layer stack this store belongs to.</param>
    /// <exception cref="StateStoreException">The store cannot be opened (for example a locked or corrupt directory).</exception>
    void Init(IStateStoreContext context, IStateStore root);

    /// <summary>Makes every write so far durable (and, for logging layers, sent to the changelog).</summary>
    void Flush();

    /// <summary>Closes the store and releases its resources; further calls throw <see cref="ObjectDisposedException"/>.</summary>
    void Close();
}
