using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Streams.Errors;

namespace Streams.Hosting.Internal;

/// <summary>
/// Binds a configuration section onto <see cref="StreamsOptions"/> explicitly, without the reflection binder:
/// the streaming settings are typed keys, and the Confluent client configs (string dictionaries) take any
/// librdkafka property from the <c>Kafka</c> (all clients), <c>Consumer</c>, <c>Producer</c> and <c>Admin</c>
/// sub-sections. Every problem is reported with the full configuration key; nothing throws.
/// </summary>
internal static class StreamsConfigurationBinder
{
    public const string KafkaSection = "Kafka";
    public const string ConsumerSection = "Consumer";
    public const string ProducerSection = "Producer";
    public const string AdminSection = "Admin";

    private static readonly Dictionary<string, Action<StreamsOptions, IConfigurationSection, List<string>>> s_scalars =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [nameof(StreamsOptions.ApplicationId)] = (o, s, e) => BindString(s, e, v => o.ApplicationId = v),
            [nameof(StreamsOptions.BootstrapServers)] = (o, s, e) => BindString(s, e, v => o.BootstrapServers = v),
            [nameof(StreamsOptions.StateDirectory)] = (o, s, e) => BindString(s, e, v => o.StateDirectory = v),
            [nameof(StreamsOptions.ApplicationServer)] = (o, s, e) => BindString(s, e, v => o.ApplicationServer = v),
            [nameof(StreamsOptions.CommitInterval)] = (o, s, e) => BindTimeSpan(s, e, v => o.CommitInterval = v),
            [nameof(StreamsOptions.PollTimeout)] = (o, s, e) => BindTimeSpan(s, e, v => o.PollTimeout = v),
            [nameof(StreamsOptions.InternalTopicCreationTimeout)] = (o, s, e) => BindTimeSpan(s, e, v => o.InternalTopicCreationTimeout = v),
            [nameof(StreamsOptions.FlushTimeout)] = (o, s, e) => BindTimeSpan(s, e, v => o.FlushTimeout = v),
            [nameof(StreamsOptions.StartupTimeout)] = (o, s, e) => BindTimeSpan(s, e, v => o.StartupTimeout = v),
            [nameof(StreamsOptions.WindowStoreChangelogAdditionalRetention)] = (o, s, e) => BindTimeSpan(s, e, v => o.WindowStoreChangelogAdditionalRetention = v),
            [nameof(StreamsOptions.RepartitionPurgeInterval)] = (o, s, e) => BindTimeSpan(s, e, v => o.RepartitionPurgeInterval = v),
            [nameof(StreamsOptions.StateStoreCacheMaxBytes)] = (o, s, e) => BindInt64(s, e, v => o.StateStoreCacheMaxBytes = v),
            [nameof(StreamsOptions.MaxPollRecords)] = (o, s, e) => BindInt64(s, e, v => o.MaxPollRecords = checked((int)v), int.MaxValue),
            [nameof(StreamsOptions.NumStreamThreads)] = (o, s, e) => BindInt64(s, e, v => o.NumStreamThreads = checked((int)v), int.MaxValue),
            [nameof(StreamsOptions.NumStandbyReplicas)] = (o, s, e) => BindInt64(s, e, v => o.NumStandbyReplicas = checked((int)v), int.MaxValue),
            [nameof(StreamsOptions.TaskAssignment)] = (o, s, e) => BindEnum<TaskAssignmentStrategy>(s, e, v => o.TaskAssignment = v),
            [nameof(StreamsOptions.GroupProtocol)] = (o, s, e) => BindEnum<GroupProtocol>(s, e, v => o.GroupProtocol = v),
            [nameof(StreamsOptions.DeserializationExceptionHandler)] = (o, s, e) => BindHandler(s, e, v => o.DeserializationExceptionHandler = v),
            [nameof(StreamsOptions.ProcessingGuarantee)] = (o, s, e) => BindGuarantee(s, e, v => o.ProcessingGuarantee = v),
        };

    private static readonly string[] s_sections = [KafkaSection, ConsumerSection, ProducerSection, AdminSection];

    private static readonly Type[] s_clientConfigTypes = [typeof(ConsumerConfig), typeof(ProducerConfig), typeof(AdminClientConfig)];

    /// <summary>The keys the runtime sets itself, per client (see <c>ClientConfigs</c> in src/Streams).</summary>
    private static readonly Dictionary<string, string> s_ownedEverywhere = new(StringComparer.Ordinal)
    {
        ["bootstrap.servers"] = "every client gets the top-level BootstrapServers",
        ["metadata.broker.list"] = "every client gets the top-level BootstrapServers",
    };

    private static readonly Dictionary<string, string> s_ownedByConsumer = new(StringComparer.Ordinal)
    {
        ["group.id"] = "the consumer group id is the ApplicationId",
        ["client.id"] = "the runtime names its consumers after the application id and thread",
        ["enable.auto.commit"] = "the runtime commits offsets itself, after flushing stores and the producer",
        ["enable.auto.offset.store"] = "the runtime stores offsets itself",
        ["partition.assignment.strategy"] = "it follows TaskAssignment, which keeps co-partitioned topics together",
        ["group.protocol"] = "it follows the top-level GroupProtocol (Classic or Consumer)",
    };

    private static readonly Dictionary<string, string> s_ownedByProducer = new(StringComparer.Ordinal)
    {
        ["client.id"] = "the runtime names its producer after the application id and thread",
        ["transactional.id"] = "under ProcessingGuarantee ExactlyOnceV2 the runtime gives each stream thread's producer its own",
    };

    /// <summary>The typed keys at the top of the section, for error messages.</summary>
    public static IEnumerable<string> KnownKeys => s_scalars.Keys.Concat(s_sections);

    /// <summary>
    /// Applies <paramref name="configuration"/> to <paramref name="options"/>: typed keys first, then the
    /// <c>Kafka</c> section to all three client configs, then <c>Consumer</c>, <c>Producer</c> and <c>Admin</c>
    /// (so a client section overrides the shared one whatever the order of the configuration sources).
    /// </summary>
    /// <returns>The problems found, each starting with its configuration key; empty when all is bound.</returns>
    public static IReadOnlyList<string> Bind(IConfiguration configuration, StreamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var sections = new Dictionary<string, IConfigurationSection>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetChildren())
        {
            if (s_scalars.TryGetValue(child.Key, out var bind))
            {
                bind(options, child, errors);
            }
            else if (s_sections.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                sections[child.Key] = child;
            }
            else
            {
                errors.Add($"{child.Path}: unknown setting. Known keys: {string.Join(", ", KnownKeys)}; Kafka client properties go under {string.Join(", ", s_sections)}.");
            }
        }

        if (sections.TryGetValue(KafkaSection, out var kafka))
        {
            BindClient(kafka, options.Consumer, s_ownedByConsumer, "consumer", errors);
            BindClient(kafka, options.Producer, s_ownedByProducer, "producer", errors);
            BindClient(kafka, options.Admin, null, "admin client", errors);
        }

        if (sections.TryGetValue(ConsumerSection, out var consumer))
        {
            BindClient(consumer, options.Consumer, s_ownedByConsumer, "consumer", errors);
        }

        if (sections.TryGetValue(ProducerSection, out var producer))
        {
            BindClient(producer, options.Producer, s_ownedByProducer, "producer", errors);
        }

        if (sections.TryGetValue(AdminSection, out var admin))
        {
            BindClient(admin, options.Admin, null, "admin client", errors);
        }

        return errors.Distinct(StringComparer.Ordinal).ToList();
    }

    private static void BindClient(IConfigurationSection section, ClientConfig target, Dictionary<string, string>? owned, string client, List<string> errors)
    {
        if (section.Value is { Length: > 0 } && !section.GetChildren().Any())
        {
            errors.Add($"{section.Path}: expected a section of Kafka client properties (e.g. {section.Path}:session.timeout.ms), found the value '{section.Value}'.");
            return;
        }

        var sharedSection = string.Equals(section.Key, KafkaSection, StringComparison.OrdinalIgnoreCase);
        foreach (var (relative, value) in section.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue; // an intermediate section
            }

            var key = section.Path + ConfigurationPath.KeyDelimiter + relative;
            foreach (var (name, setting) in Resolve(key, relative, value, target.GetType(), sharedSection, errors))
            {
                if (s_ownedEverywhere.TryGetValue(name, out var why))
                {
                    errors.Add($"{key}: '{name}' cannot be set here: {why}; set {TopLevelKey(section, nameof(StreamsOptions.BootstrapServers))} instead.");
                }
                else if (owned is not null && owned.TryGetValue(name, out why))
                {
                    errors.Add($"{key}: '{name}' is set by the Streams runtime for the {client} ({why}) and cannot be configured.");
                }
                else
                {
                    target.Set(name, setting);
                }
            }
        }
    }

    /// <summary>
    /// Turns one configuration entry into librdkafka properties. A key written in PascalCase (one segment,
    /// upper-case first letter, mixed case) names a property of the Confluent config class (e.g.
    /// <c>SessionTimeoutMs</c>); any other key is a librdkafka property name, with ':' read as '.' (so
    /// environment variables such as <c>Streams__Consumer__session__timeout__ms</c> work) and lower-cased.
    /// </summary>
    private static IEnumerable<(string Name, string Value)> Resolve(string key, string relative, string value, Type configType, bool sharedSection, List<string> errors)
    {
        if (!IsPascalCase(relative))
        {
            return [(relative.Replace(ConfigurationPath.KeyDelimiter, ".", StringComparison.Ordinal).ToLowerInvariant(), value)];
        }

        if (sharedSection && s_clientConfigTypes.Where(t => FindProperty(t, relative) is null).Select(t => t.Name).ToList() is { Count: > 0 } lacking)
        {
            errors.Add($"{key}: '{relative}' is not a property of Confluent's {string.Join(" and ", lacking)}, and the {KafkaSection} section applies to every client; put it under the section of the client that has it.");
            return [];
        }

        var property = FindProperty(configType, relative);
        if (property is null)
        {
            errors.Add($"{key}: '{relative}' is not a property of Confluent's {configType.Name}; use a librdkafka property name (lower case, e.g. session.timeout.ms) or a {configType.Name} property name.");
            return [];
        }

        try
        {
            var converted = TypeDescriptor.GetConverter(property.PropertyType).ConvertFromInvariantString(value);
            var probe = (ClientConfig)Activator.CreateInstance(configType)!;
            property.SetValue(probe, converted);
            return probe.Select(kv => (kv.Key, kv.Value)).ToList();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or TargetInvocationException)
        {
            var expected = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var hint = expected.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(expected))}" : $"a value of type {expected.Name}";
            errors.Add($"{key}: '{value}' is not a valid {configType.Name}.{property.Name}; expected {hint}.");
            return [];
        }
    }

    private static PropertyInfo? FindProperty(Type configType, string name) =>
        configType.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { CanWrite: true } property
        && property.GetIndexParameters().Length == 0 ? property : null;

    private static bool IsPascalCase(string relative) =>
        relative.Length > 1 && char.IsAsciiLetterUpper(relative[0]) && relative.Any(char.IsAsciiLetterLower)
        && !relative.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal) && !relative.Contains('.', StringComparison.Ordinal);

    private static string TopLevelKey(IConfigurationSection clientSection, string name)
    {
        var parent = ConfigurationPath.GetParentPath(clientSection.Path);
        return string.IsNullOrEmpty(parent) ? name : parent + ConfigurationPath.KeyDelimiter + name;
    }

    private static bool TryGetValue(IConfigurationSection section, List<string> errors, out string value)
    {
        value = section.Value ?? string.Empty;
        if (section.Value is null)
        {
            if (section.GetChildren().Any())
            {
                errors.Add($"{section.Path}: expected a single value, found a section.");
            }

            return false;
        }

        return true;
    }

    private static void BindString(IConfigurationSection section, List<string> errors, Action<string> set)
    {
        if (TryGetValue(section, errors, out var value))
        {
            set(value);
        }
    }

    private static void BindTimeSpan(IConfigurationSection section, List<string> errors, Action<TimeSpan> set)
    {
        if (!TryGetValue(section, errors, out var value) || value.Length == 0)
        {
            return;
        }

        // TimeSpan.Parse reads a plain number as days ("5000" is 5,000 days): demand the hh:mm:ss form.
        if (!value.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
        {
            errors.Add($"{section.Path}: '{value}' is not a time span; write [d.]hh:mm:ss[.fffffff], e.g. 00:00:05 for 5 seconds or 00:00:00.200 for 200 ms.");
            return;
        }

        set(parsed);
    }

    private static void BindInt64(IConfigurationSection section, List<string> errors, Action<long> set, long max = long.MaxValue)
    {
        if (!TryGetValue(section, errors, out var value) || value.Length == 0)
        {
            return;
        }

        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed > max || parsed < -max)
        {
            errors.Add($"{section.Path}: '{value}' is not a whole number{(max == long.MaxValue ? string.Empty : $" in the Int32 range")}.");
            return;
        }

        set(parsed);
    }

    /// <summary>Kafka's names (<c>at_least_once</c>, <c>exactly_once_v2</c>) or the enum's (<c>AtLeastOnce</c>, <c>ExactlyOnceV2</c>), case-insensitive.</summary>
    private static void BindGuarantee(IConfigurationSection section, List<string> errors, Action<ProcessingGuarantee> set)
    {
        if (!TryGetValue(section, errors, out var value) || value.Length == 0)
        {
            return;
        }

        ProcessingGuarantee? guarantee = value.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant() switch
        {
            "ATLEASTONCE" => ProcessingGuarantee.AtLeastOnce,
            "EXACTLYONCEV2" => ProcessingGuarantee.ExactlyOnceV2,
            _ => null,
        };
        if (guarantee is not { } chosen)
        {
            errors.Add($"{section.Path}: '{value}' is not a processing guarantee; expected AtLeastOnce (at_least_once) or ExactlyOnceV2 (exactly_once_v2).");
            return;
        }

        set(chosen);
    }

    private static void BindEnum<TEnum>(IConfigurationSection section, List<string> errors, Action<TEnum> set)
        where TEnum : struct, Enum
    {
        if (!TryGetValue(section, errors, out var value) || value.Length == 0)
        {
            return;
        }

        // Names only: Enum.TryParse also takes numbers, and any number parses into an enum.
        if (value.Trim().Any(char.IsAsciiDigit) || !Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            errors.Add($"{section.Path}: '{value}' is not a {typeof(TEnum).Name}; expected one of {string.Join(", ", Enum.GetNames<TEnum>())}.");
            return;
        }

        set(parsed);
    }

    private static void BindHandler(IConfigurationSection section, List<string> errors, Action<IDeserializationExceptionHandler> set)
    {
        if (!TryGetValue(section, errors, out var value) || value.Length == 0)
        {
            return;
        }

        IDeserializationExceptionHandler? handler = value.Trim().ToUpperInvariant() switch
        {
            "LOGANDFAIL" or "LOGANDFAILEXCEPTIONHANDLER" => LogAndFailExceptionHandler.Instance,
            "LOGANDCONTINUE" or "LOGANDCONTINUEEXCEPTIONHANDLER" => LogAndContinueExceptionHandler.Instance,
            _ => null,
        };
        if (handler is null)
        {
            errors.Add($"{section.Path}: '{value}' is not a deserialization exception handler; expected LogAndFail or LogAndContinue (others are set in code).");
            return;
        }

        set(handler);
    }
}
