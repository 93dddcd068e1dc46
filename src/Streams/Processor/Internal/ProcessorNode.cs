using System.Runtime.CompilerServices;

namespace Streams.Processor.Internal;

/// <summary>A runtime node of one task's topology: created fresh per task from its factory.</summary>
internal abstract class ProcessorNode(string name)
{
    public string Name { get; } = name;

    public List<ProcessorNode> Children { get; } = [];

    /// <summary>The processor this node runs (null for source and sink nodes).</summary>
    public virtual object? Processor => null;

    /// <summary>
    /// True when this node has children and each of them reads only the new value of a table change
    /// (<see cref="IReadsOnlyNewValues"/>): the node's table need not send old values, as Kafka Streams' <c>sendOldValues</c>
    /// stays off unless a child enables it.
    /// </summary>
    public bool ChildrenReadOnlyNewValues => Children.Count > 0 && Children.TrueForAll(c => c.Processor is IReadsOnlyNewValues);

    public virtual void Init(TaskContext context)
    {
    }

    public virtual void Close()
    {
    }
}

/// <summary>
/// A runtime processor that reads only the new value of the table changes it receives, as Kafka Streams' processors that
/// do not call <c>enableSendingOldValues</c> on their parent (<c>KTable#toStream</c>): a parent whose children all are such
/// processors need not look up old values (<see cref="ProcessorNode.ChildrenReadOnlyNewValues"/>).
/// </summary>
internal interface IReadsOnlyNewValues
{
}

/// <summary>What the runtime's own processors (not user code) can see of their node and task.</summary>
internal interface IInternalProcessorContext
{
    TaskContext Task { get; }

    string NodeName { get; }
}

/// <summary>A node that accepts records of one key/value type.</summary>
internal interface IRecordReceiver<TKey, TValue>
{
    void Receive(Record<TKey, TValue> record);
}

/// <summary>Forwards to a node's typed children; shared by processor and source nodes.</summary>
internal sealed class Forwarder<TKey, TValue>
{
    private IRecordReceiver<TKey, TValue>[] _children = [];
    private Dictionary<string, IRecordReceiver<TKey, TValue>> _byName = [];

    public void Bind(ProcessorNode owner)
    {
        var list = new List<IRecordReceiver<TKey, TValue>>();
        _byName = new Dictionary<string, IRecordReceiver<TKey, TValue>>(StringComparer.Ordinal);
        foreach (var child in owner.Children)
        {
            if (child is not IRecordReceiver<TKey, TValue> receiver)
            {
                throw new TopologyException(
                    $"node '{child.Name}' cannot receive <{typeof(TKey).Name}, {typeof(TValue).Name}> records forwarded by '{owner.Name}'.");
            }

            list.Add(receiver);
            _byName[child.Name] = receiver;
        }

        _children = [.. list];
    }

    public void Forward(Record<TKey, TValue> record)
    {
        var children = _children;
        for (var i = 0; i < children.Length; i++)
        {
            children[i].Receive(record);
        }
    }

    public void Forward(Record<TKey, TValue> record, string childName, string ownerName)
    {
        if (!_byName.TryGetValue(childName, out var child))
        {
            throw new InvalidOperationException($"Processor '{ownerName}' has no child named '{childName}'.");
        }

        child.Receive(record);
    }
}

/// <summary>Runs one <see cref="IProcessor{TKeyIn, TValueIn, TKeyOut, TValueOut}"/> instance.</summary>
internal sealed class ProcessorNode<TKeyIn, TValueIn, TKeyOut, TValueOut>(
    string name, IProcessor<TKeyIn, TValueIn, TKeyOut, TValueOut> processor, IReadOnlySet<string> storeNames)
    : ProcessorNode(name), IRecordReceiver<TKeyIn, TValueIn>, IProcessorContext<TKeyOut, TValueOut>, IInternalProcessorContext
{
    private readonly Forwarder<TKeyOut, TValueOut> _forwarder = new();
    private TaskContext? _task;

    public string ApplicationId => Task.ApplicationId;

    public TaskId TaskId => Task.TaskId;

    public RecordMetadata? RecordMetadata => Task.RecordMetadata;

    public long CurrentStreamTimeMs => Task.StreamTime;

    public long CurrentSystemTimeMs => Task.SystemTimeMs;

    TaskContext IInternalProcessorContext.Task => Task;

    string IInternalProcessorContext.NodeName => Name;

    private TaskContext Task => _task ?? throw new InvalidOperationException($"Processor '{Name}' is not initialized.");

    public override object? Processor => processor;

    public override void Init(TaskContext context)
    {
        _task = context;
        _forwarder.Bind(this);
        processor.Init(this);
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see docs/reliability.md, "JIT": no try region is inlined along the forward path
    public void Receive(Record<TKeyIn, TValueIn> record)
    {
        var task = Task;
        var previous = task.CurrentNode;
        task.CurrentNode = Name;
        try
        {
            processor.Process(record);
        }
        catch (Exception ex) when (ex is not StreamsException)
        {
            // As Kafka Streams 4.x (KIP-1033): the processing exception handler decides; Continue drops the record here.
            task.Errors.OnProcessingError(task, Name, record.Key, record.Value, ex, punctuating: task.RecordMetadata is null);
        }

        // Not restored when Process throws: the task's error message then names the processor that failed.
        task.CurrentNode = previous;
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see docs/reliability.md, "JIT": no try region is inlined along the forward path
    public void Forward(Record<TKeyOut, TValueOut> record)
    {
        // As Kafka Streams: children see the forwarded record's timestamp; the sender's context is restored after.
        var task = Task;
        var previous = task.RecordTimestamp;
        task.RecordTimestamp = record.TimestampMs;
        try
        {
            _forwarder.Forward(record);
        }
        finally
        {
            task.RecordTimestamp = previous;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // see docs/reliability.md, "JIT": no try region is inlined along the forward path
    public void Forward(Record<TKeyOut, TValueOut> record, string childName)
    {
        var task = Task;
        var previous = task.RecordTimestamp;
        task.RecordTimestamp = record.TimestampMs;
        try
        {
            _forwarder.Forward(record, childName, Name);
        }
        finally
        {
            task.RecordTimestamp = previous;
        }
    }

    public TStore GetStateStore<TStore>(string name)
        where TStore : class
    {
        if (!storeNames.Contains(name) && !Task.IsGlobalStore(name))
        {
            throw new InvalidOperationException($"Processor '{Name}' has no access to state store '{name}': connect it in the topology.");
        }

        return Task.GetStore<TStore>(name);
    }

    public IDisposable Schedule(TimeSpan interval, PunctuationType type, Action<long> punctuator) =>
        Task.Schedule(Name, interval, type, punctuator);

    public void Commit() => Task.CommitRequested = true;

    public override void Close() => processor.Close();
}
