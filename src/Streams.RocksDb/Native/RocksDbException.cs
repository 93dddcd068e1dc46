using System.Runtime.InteropServices;

namespace Streams.RocksDb.Native;

/// <summary>The kind of a RocksDB <c>Status</c>, parsed from the prefix of its message (the C API gives only the text).</summary>
internal enum RocksDbStatusKind
{
    /// <summary>A status whose prefix is not one of the others.</summary>
    Other,

    /// <summary><c>"IO error: ..."</c>.</summary>
    IOError,

    /// <summary><c>"IO error: ..."</c> about the directory's <c>LOCK</c> file: another process or another open database holds it.</summary>
    Locked,

    /// <summary><c>"Corruption: ..."</c>, or an I/O error saying that the MANIFEST named by <c>CURRENT</c> does not exist.</summary>
    Corruption,

    /// <summary><c>"Invalid argument: ..."</c>.</summary>
    InvalidArgument,

    /// <summary><c>"Not implemented: ..."</c>.</summary>
    NotSupported,
}

/// <summary>
/// A RocksDB call failed; <see cref="Exception.Message"/> is RocksDB's status text, for example
/// <c>"IO error: While lock file: /x/LOCK: Resource temporarily unavailable"</c>.
/// </summary>
internal sealed class RocksDbException : Exception
{
    public RocksDbException()
    {
    }

    public RocksDbException(string message)
        : this(message, Classify(message))
    {
    }

    public RocksDbException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = Classify(message);
    }

    private RocksDbException(string message, RocksDbStatusKind kind)
        : base(message) => Kind = kind;

    /// <summary>What kind of status RocksDB reported.</summary>
    public RocksDbStatusKind Kind { get; }

    /// <summary>
    /// Throws when <paramref name="errptr"/> (the <c>char** errptr</c> output of a C API call) is set,
    /// after copying the message and freeing the native string with <c>rocksdb_free</c>.
    /// </summary>
    /// <param name="errptr">The error pointer written by the call; zero on success.</param>
    /// <exception cref="RocksDbException">The call failed.</exception>
    public static void ThrowIfError(nint errptr)
    {
        if (errptr != nint.Zero)
        {
            throw FromNative(errptr);
        }
    }

    private static RocksDbException FromNative(nint errptr)
    {
        string message;
        try
        {
            message = Marshal.PtrToStringUTF8(errptr) ?? "unknown RocksDB error";
        }
        finally
        {
            RocksDbSharp.Native.Instance.rocksdb_free(errptr);
        }

        return new RocksDbException(message);
    }

    private static RocksDbStatusKind Classify(string message)
    {
        if (message.StartsWith("IO error:", StringComparison.Ordinal))
        {
            // "While lock file: <dir>/LOCK: Resource temporarily unavailable" (another process) or
            // "lock hold by current process, acquire time ..." (the same process opened it already).
            if (message.Contains("While lock file", StringComparison.Ordinal) || message.Contains("lock hold by current process", StringComparison.Ordinal))
            {
                return RocksDbStatusKind.Locked;
            }

            // CURRENT names a MANIFEST that is gone: "IO error: No such file or directory: While opening a file for
            // sequentially reading: <dir>/MANIFEST-000005: ...". The directory is damaged, as for a corrupt MANIFEST.
            return message.Contains("No such file or directory", StringComparison.Ordinal) && message.Contains("/MANIFEST-", StringComparison.Ordinal)
                ? RocksDbStatusKind.Corruption
                : RocksDbStatusKind.IOError;
        }

        if (message.StartsWith("Corruption:", StringComparison.Ordinal))
        {
            return RocksDbStatusKind.Corruption;
        }

        if (message.StartsWith("Invalid argument:", StringComparison.Ordinal))
        {
            return RocksDbStatusKind.InvalidArgument;
        }

        return message.StartsWith("Not implemented:", StringComparison.Ordinal) ? RocksDbStatusKind.NotSupported : RocksDbStatusKind.Other;
    }
}
