using Microsoft.Extensions.Logging;

namespace Streams.Runtime.Internal;

/// <content>Exactly-once messages (event ids 2070-2079).</content>
internal static partial class Log
{
    [LoggerMessage(EventId = 2080, Level = LogLevel.Information, Message = "Stream thread {Thread} initialized its transactional producer {Producer} with transactional.id {TransactionalId} (exactly-once v2).")]
    public static partial void TransactionsInitialized(ILogger logger, string thread, string producer, string transactionalId);

    [LoggerMessage(EventId = 2081, Level = LogLevel.Warning, Message = "Aborted the open transaction: tasks {Tasks} are rewound to the last commit (stores restored to the committed state, input re-read from the committed offsets {Offsets}); a read_committed reader never sees the aborted records.")]
    public static partial void TransactionAborted(ILogger logger, string tasks, string offsets, Exception cause);

    [LoggerMessage(EventId = 2082, Level = LogLevel.Warning, Message = "The consumer group moved on while a transaction was open: aborted it, rewound tasks {Tasks} to the last commit (committed offsets: {Offsets}), and the thread processes nothing until the rebalance assigns its partitions again (task migrated).")]
    public static partial void TransactionAbortedOnMigration(ILogger logger, string tasks, string offsets, Exception cause);

    [LoggerMessage(EventId = 2083, Level = LogLevel.Warning, Message = "The last commit before closing the tasks ({Tasks}) failed: aborted the transaction; the tasks close without committing and their next owner re-processes from the last commit.")]
    public static partial void TransactionAbortedOnClose(ILogger logger, string tasks, Exception cause);

    [LoggerMessage(EventId = 2084, Level = LogLevel.Warning, Message = "Exactly-once with transaction.timeout.ms {TransactionTimeoutMs} not below session.timeout.ms {SessionTimeoutMs}: a crashed instance's open transaction can outlive its group membership and hold the last stable offset of its changelogs while their next owner restores and commits; if that owner also crashes before the coordinator aborts the first transaction, the third owner restores stale state past committed input (records lost). Keep it below, as the defaults (10,000 ms against 45,000 ms).")]
    public static partial void TransactionTimeoutNotBelowSessionTimeout(ILogger logger, int transactionTimeoutMs, int sessionTimeoutMs);
}
