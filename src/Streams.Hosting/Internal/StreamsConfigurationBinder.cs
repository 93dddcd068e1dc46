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

    /// <summary>
    /// The options that only code can set (objects, not values), with why; a configuration key naming one is reported.
    /// Every other public settable property of <see cref="StreamsOptions"/> is bound from the key of its name, so an
    /// option added later is configurable without touching this class (and <c>StreamsConfigurationBinderTests</c> fails
    /// when one cannot be bound and is not listed here).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CodeOnly = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(StreamsOptions.DslStoreSuppliers)] = "a store supplier object (e.g. RocksDB's); set it in code or through AddStreams' configure delegate",
        [nameof(StreamsOptions.StateRestoreListener)] = "a listener object; set it in code",
        [nameof(StreamsOptions.StandbyUpdateListener)] = "a listener object; set it in code",
        [nameof(StreamsOptions.ClientSupplier)] = "a client factory; register an IKafkaClientSupplier in the service collection",
        [nameof(StreamsOptions.TimeProvider)] = "the clock; register a TimeProvider in the service collection",
        [nameof(StreamsOptions.LoggerFactory)] = "taken from the host's logging",
    };

    /// <summary>
    /// The options whose configuration value is a name rather than the property's own type: the processing guarantee
    /// (Kafka's <c>processing.guarantee</c> names or the enum's) and the three exception handlers (Kafka's
    /// <c>*.exception.handler</c> settings take a class; here the built-in handlers by name, others are set in code).
    /// Keys are the upper-cased names without underscores.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, object>> Named = new Dictionary<string, IReadOnlyDictionary<string, object>>(StringComparer.OrdinalIgnoreCase)
    {
        [nameof(StreamsOptions.ProcessingGuarantee)] = new Dictionary<string, object>
        {
            ["ATLEASTONCE"] = ProcessingGuarantee.AtLeastOnce,
            ["EXACTLYONCEV2"] = ProcessingGuarantee.ExactlyOnceV2,
        },
        [nameof(StreamsOptions.DeserializationExceptionHandler)] = new Dictionary<string, object>
        {
            ["LOGANDFAIL"] = LogAndFailExceptionHandler.Instance,
            ["LOGANDFAILEXCEPTIONHANDLER"] = LogAndFailExceptionHandler.Instance,
            ["LOGANDCONTINUE"] = LogAndContinueExceptionHandler.Instance,
            ["LOGANDCONTINUEEXCEPTIONHANDLER"] = LogAndContinueExceptionHandler.Instance,
        },
        [nameof(StreamsOptions.ProcessingExceptionHandler)] = new Dictionary<string, object>
        {
            ["LOGANDFAIL"] = LogAndFailProcessingExceptionHandler.Instance,
            ["LOGANDFAILPROCESSINGEXCEPTIONHANDLER"] = LogAndFailProcessingExceptionHandler.Instance,
            ["LOGANDCONTINUE"] = LogAndContinueProcessingExceptionHandler.Instance,
            ["LOGANDCONTINUEPROCESSINGEXCEPTIONHANDLER"] = LogAndContinueProcessingExceptionHandler.Instance,
        },
        [nameof(StreamsOptions.ProductionExceptionHandler)] = new Dictionary<string, object>
        {
            ["DEFAULT"] = DefaultProductionExceptionHandler.Instance,
            ["DEFAULTPRODUCTIONEXCEPTIONHANDLER"] = DefaultProductionExceptionHandler.Instance,
            ["LOGANDCONTINUE"] = LogAndContinueProductionExceptionHandler.Instance,
            ["LOGANDCONTINUEPRODUCTIONEXCEPTIONHANDLER"] = LogAndContinueProductionExceptionHandler.Instance,
        },
    };

    private static readonly string[] s_clientProperties = [nameof(StreamsOptions.Consumer), nameof(StreamsOptions.Producer), nameof(StreamsOptions.Admin)];

    /// <summary>The options bound from a key of their own name: every public settable property but the client configs and <see cref="CodeOnly"/>.</summary>
    private static readonly Dictionary<string, PropertyInfo> s_scalars = typeof(StreamsOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.SetMethod!.IsPublic && !s_clientProperties.Contains(p.Name) && !CodeOnly.ContainsKey(p.Name))
        .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

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
    public static IEnumerable<string> KnownKeys => s_scalars.Keys.Order(StringComparer.Ordinal).Concat(s_sections);

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
            if (s_scalars.TryGetValue(child.Key, out var property))
            {
                BindScalar(child, property, options, errors);
            }
            else if (CodeOnly.TryGetValue(child.Key, out var why))
            {
                errors.Add($"{child.Path}: cannot be configured: {why}.");
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

    /// <summary>
    /// Binds one option: a name for <see cref="Named"/> options, the <c>hh:mm:ss</c> form for time spans, enum names
    /// (not numbers); any other type through Microsoft.Extensions.Configuration's binder (its type converters). An empty
    /// value leaves the default; a value the property's setter refuses is reported with the setter's message.
    /// </summary>
    private static void BindScalar(IConfigurationSection section, PropertyInfo property, StreamsOptions options, List<string> errors)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (!TryGetValue(section, errors, out var value) || (value.Length == 0 && type != typeof(string)))
        {
            return;
        }

        object? converted;
        if (Named.TryGetValue(property.Name, out var names))
        {
            if (!names.TryGetValue(value.Trim().Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant(), out converted))
            {
                errors.Add($"{section.Path}: '{value}' is not a valid {property.Name}; expected one of {string.Join(", ", NamesOf(property.Name))} (others are set in code).");
                return;
            }
        }
        else if (type == typeof(TimeSpan))
        {
            // TimeSpan.Parse reads a plain number as days ("5000" is 5,000 days): demand the hh:mm:ss form.
            if (!value.Contains(':', StringComparison.Ordinal) || !TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
            {
                errors.Add($"{section.Path}: '{value}' is not a time span; write [d.]hh:mm:ss[.fffffff], e.g. 00:00:05 for 5 seconds or 00:00:00.200 for 200 ms.");
                return;
            }

            converted = parsed;
        }
        else if (type.IsEnum && (value.Trim().Any(char.IsAsciiDigit) || !Enum.TryParse(type, value.Trim(), ignoreCase: true, out converted) || !Enum.IsDefined(type, converted!)))
        {
            // Names only: Enum.TryParse also takes numbers, and any number parses into an enum.
            errors.Add($"{section.Path}: '{value}' is not a {type.Name}; expected one of {string.Join(", ", Enum.GetNames(type))}.");
            return;
        }
        else
        {
            try
            {
                converted = section.Get(property.PropertyType);
            }
            catch (InvalidOperationException)
            {
                errors.Add($"{section.Path}: '{value}' is not {Expected(type)}.");
                return;
            }
        }

        try
        {
            property.SetValue(options, converted);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException refused)
        {
            errors.Add($"{section.Path}: '{value}' is refused: {refused.Message}");
        }
    }

    private static IEnumerable<string> NamesOf(string option) => option switch
    {
        nameof(StreamsOptions.ProcessingGuarantee) => ["AtLeastOnce (at_least_once)", "ExactlyOnceV2 (exactly_once_v2)"],
        nameof(StreamsOptions.ProductionExceptionHandler) => ["Default", "LogAndContinue"],
        _ => ["LogAndFail", "LogAndContinue"],
    };

    private static string Expected(Type type) => type == typeof(int) ? "a whole number in the Int32 range"
        : type == typeof(long) ? "a whole number"
        : type == typeof(bool) ? "true or false"
        : $"a valid {type.Name}";
}
