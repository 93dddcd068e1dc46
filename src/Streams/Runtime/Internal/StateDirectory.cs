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
        AppDirectory = ChildPath(root, applicationId, "application id");
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

    public string TaskDirectory(TaskId id) => ChildPath(AppDirectory, id.ToString(), "task id");

    /// <summary>
    /// <c>{parent}/{name}</c>, made absolute, after checking that it is a direct child of <paramref name="parent"/>: no name
    /// (application id, task id, store or segment name) can take a path outside the state directory.
    /// </summary>
    /// <exception cref="StreamsException">The name is empty, <c>.</c> or <c>..</c>, rooted, or holds a directory separator.</exception>
    public static string ChildPath(string parent, string name, string what)
    {
        var parentFull = Path.GetFullPath(parent);
        var child = string.IsNullOrEmpty(name) || name is "." or ".." || Path.IsPathRooted(name) || name.IndexOfAny(['/', '\\']) >= 0
            ? null
            : Path.GetFullPath(Path.Combine(parentFull, name));
        if (child is null || !string.Equals(Path.GetDirectoryName(child), Path.TrimEndingDirectorySeparator(parentFull), StringComparison.Ordinal))
        {
            throw new StreamsException($"The {what} '{name}' cannot name a folder in {parentFull}: it must be a plain name, not '.', '..' or a path.");
        }

        return child;
    }

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
