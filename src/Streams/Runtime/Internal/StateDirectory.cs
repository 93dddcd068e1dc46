using Streams.Processor;

namespace Streams.Runtime.Internal;

/// <summary>
/// The application's local state folder <c>{root}/{applicationId}</c>, locked against a second instance
/// using it at the same time (as Kafka Streams' <c>StateDirectory</c>), with one folder per task.
/// </summary>
internal sealed partial class StateDirectory : IDisposable
{
    private readonly FileStream _lock;

    public StateDirectory(string root, string applicationId)
    {
        AppDirectory = Path.Combine(root, applicationId);
        Directory.CreateDirectory(AppDirectory);
        var lockPath = Path.Combine(AppDirectory, ".lock");
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new StreamsException(
                $"State directory {AppDirectory} is in use by another instance of application '{applicationId}' (cannot lock {lockPath}). " +
                "Give each instance on a machine its own StateDirectory.", e);
        }
    }

    public string AppDirectory { get; }

    public string GlobalDirectory => Path.Combine(AppDirectory, "global");

    public string TaskDirectory(TaskId id) => Path.Combine(AppDirectory, id.ToString());

    public static void Wipe(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    public void Dispose() => _lock.Dispose();
}
