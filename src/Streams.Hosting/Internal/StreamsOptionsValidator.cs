using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace Streams.Hosting.Internal;

/// <summary>
/// Validates <see cref="StreamsOptions"/> when the options are created (at host start with ValidateOnStart):
/// binding problems first, then the rules of <see cref="StreamsOptions.Validate"/>, each message naming the
/// configuration key. <see cref="StreamsOptions.Validate"/> itself runs last as a backstop.
/// </summary>
internal sealed class StreamsOptionsValidator(StreamsHostingContext context) : IValidateOptions<StreamsOptions>
{
    public ValidateOptionsResult Validate(string? name, StreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (name is not null && name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(context.BindingErrors(options));
        failures.AddRange(Check(options, context.Key));
        if (failures.Count == 0)
        {
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The rules of <see cref="StreamsOptions.Validate"/>, one message per broken rule, naming the key.</summary>
    internal static IEnumerable<string> Check(StreamsOptions options, Func<string, string> key)
    {
        if (string.IsNullOrWhiteSpace(options.ApplicationId))
        {
            yield return $"{key(nameof(StreamsOptions.ApplicationId))} is required (the consumer group id and internal topic prefix).";
        }
        else if (options.ApplicationId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')))
        {
            yield return $"{key(nameof(StreamsOptions.ApplicationId))} '{options.ApplicationId}' may hold only ASCII letters, digits, '.', '_' and '-'.";
        }

        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            yield return $"{key(nameof(StreamsOptions.BootstrapServers))} is required (host:port[,host:port...]).";
        }

        if (string.IsNullOrWhiteSpace(options.StateDirectory))
        {
            yield return $"{key(nameof(StreamsOptions.StateDirectory))} must not be empty.";
        }

        if (options.CommitInterval < TimeSpan.FromMilliseconds(1))
        {
            yield return $"{key(nameof(StreamsOptions.CommitInterval))} is {options.CommitInterval}; it must be at least 1 ms (00:00:00.001).";
        }

        if (options.PollTimeout < TimeSpan.Zero)
        {
            yield return $"{key(nameof(StreamsOptions.PollTimeout))} is {options.PollTimeout}; it must not be negative.";
        }

        if (options.ConsumerCloseTimeout < TimeSpan.FromMilliseconds(1))
        {
            yield return $"{key(nameof(StreamsOptions.ConsumerCloseTimeout))} is {options.ConsumerCloseTimeout}; it must be at least 1 ms (00:00:00.001).";
        }

        if (options.MaxPollRecords < 1)
        {
            yield return $"{key(nameof(StreamsOptions.MaxPollRecords))} is {options.MaxPollRecords}; it must be at least 1.";
        }

        if (options.StateStoreCacheMaxBytes < 0)
        {
            yield return $"{key(nameof(StreamsOptions.StateStoreCacheMaxBytes))} is {options.StateStoreCacheMaxBytes}; it must not be negative (0 turns the record cache off).";
        }

        if (options.NumStreamThreads < 1)
        {
            yield return $"{key(nameof(StreamsOptions.NumStreamThreads))} is {options.NumStreamThreads}; it must be at least 1.";
        }

        if (options.NumStandbyReplicas < 0)
        {
            yield return $"{key(nameof(StreamsOptions.NumStandbyReplicas))} is {options.NumStandbyReplicas}; it must not be negative.";
        }
        else if (options.NumStandbyReplicas > 0 && options.ApplicationServer is null)
        {
            yield return $"{key(nameof(StreamsOptions.NumStandbyReplicas))} is {options.NumStandbyReplicas}, which needs {key(nameof(StreamsOptions.ApplicationServer))}: standby replicas are placed from the endpoints instances announce.";
        }

        if (!Enum.IsDefined(options.TaskAssignment))
        {
            yield return $"{key(nameof(StreamsOptions.TaskAssignment))} is {(int)options.TaskAssignment}; it must be CooperativeSticky or Range.";
        }

        if (!Enum.IsDefined(options.GroupProtocol))
        {
            yield return $"{key(nameof(StreamsOptions.GroupProtocol))} is {(int)options.GroupProtocol}; it must be Classic or Consumer.";
        }
        else if (options.GroupProtocol == GroupProtocol.Consumer && options.TaskAssignment != TaskAssignmentStrategy.CooperativeSticky)
        {
            yield return $"{key(nameof(StreamsOptions.GroupProtocol))} is Consumer (KIP-848), which needs {key(nameof(StreamsOptions.TaskAssignment))} CooperativeSticky; it is {options.TaskAssignment}.";
        }
    }
}
