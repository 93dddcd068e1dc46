using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Streams.Errors;
using Streams.Hosting.Internal;

namespace Streams.Hosting.Tests.Internal;

/// <summary>
/// Every public option of <see cref="StreamsOptions"/> can be set from configuration, or is named as code-only with its
/// reason: an option added without either fails here (issue 17: no hand-kept list that nothing checks).
/// </summary>
public class StreamsConfigurationBinderCompletenessTests
{
    private static readonly string[] s_clientSections = [nameof(StreamsOptions.Consumer), nameof(StreamsOptions.Producer), nameof(StreamsOptions.Admin)];

    public static TheoryData<string> Options() =>
        new(typeof(StreamsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => p.Name));

    [Theory]
    [MemberData(nameof(Options))]
    public void Every_public_option_binds_from_configuration_or_is_named_code_only(string name)
    {
        var property = typeof(StreamsOptions).GetProperty(name)!;
        if (StreamsConfigurationBinder.CodeOnly.TryGetValue(name, out var why))
        {
            why.Should().NotBeNullOrWhiteSpace();
            var (_, refused) = Bind(name, "anything");
            refused.Should().ContainSingle().Which.Should().StartWith($"Streams:{name}: cannot be configured");
            return;
        }

        if (s_clientSections.Contains(name))
        {
            // Client configs are sections of librdkafka properties (StreamsConfigurationBinderTests covers them).
            var (client, clientErrors) = Bind($"{name}:socket.timeout.ms", "12345");
            clientErrors.Should().BeEmpty();
            ((Confluent.Kafka.ClientConfig)property.GetValue(client)!).Get("socket.timeout.ms").Should().Be("12345");
            return;
        }

        var defaults = property.GetValue(new StreamsOptions());
        var (value, expected) = SampleOtherThan(property, defaults);
        var (options, errors) = Bind(name, value);

        errors.Should().BeEmpty();
        property.GetValue(options).Should().Be(expected, $"'{value}' under Streams:{name} sets it");
        property.GetValue(options).Should().NotBe(defaults, "the sample differs from the default, so binding is observable");
    }

    [Fact]
    public void The_dead_letter_queue_topic_binds_the_one_option_the_hand_kept_list_had_missed()
    {
        var (options, errors) = Bind(nameof(StreamsOptions.DeadLetterQueueTopicName), "orders-dlq");

        errors.Should().BeEmpty();
        options.DeadLetterQueueTopicName.Should().Be("orders-dlq");
    }

    [Theory]
    [InlineData("ProcessingExceptionHandler", "LogAndContinue", typeof(LogAndContinueProcessingExceptionHandler))]
    [InlineData("ProductionExceptionHandler", "log_and_continue", typeof(LogAndContinueProductionExceptionHandler))]
    [InlineData("ProductionExceptionHandler", "Default", typeof(DefaultProductionExceptionHandler))]
    public void Built_in_exception_handlers_bind_by_name(string option, string value, Type expected)
    {
        var (options, errors) = Bind(option, value);

        errors.Should().BeEmpty();
        typeof(StreamsOptions).GetProperty(option)!.GetValue(options).Should().BeOfType(expected);
    }

    private static (string Value, object Expected) SampleOtherThan(PropertyInfo property, object? defaults)
    {
        if (StreamsConfigurationBinder.Named.TryGetValue(property.Name, out var names))
        {
            var (key, named) = names.First(kv => !Equals(kv.Value, defaults));
            return (key, named);
        }

        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        if (type == typeof(string))
        {
            return ($"sample-{property.Name}", $"sample-{property.Name}");
        }

        if (type == typeof(TimeSpan))
        {
            var span = TimeSpan.FromMilliseconds(7_654) == (TimeSpan?)defaults ? TimeSpan.FromMilliseconds(7_655) : TimeSpan.FromMilliseconds(7_654);
            return (span.ToString("c", CultureInfo.InvariantCulture), span);
        }

        if (type == typeof(int) || type == typeof(long))
        {
            var number = Convert.ToInt64(defaults, CultureInfo.InvariantCulture) == 7 ? 8L : 7L;
            return (number.ToString(CultureInfo.InvariantCulture), Convert.ChangeType(number, type, CultureInfo.InvariantCulture));
        }

        if (type == typeof(bool))
        {
            var flag = !(bool)defaults!;
            return (flag.ToString(), flag);
        }

        if (type.IsEnum)
        {
            var other = Enum.GetValues(type).Cast<object>().First(v => !v.Equals(defaults));
            return (other.ToString()!, other);
        }

        throw new InvalidOperationException($"StreamsOptions.{property.Name} ({property.PropertyType.Name}) has no sample here: bind it in StreamsConfigurationBinder (and add its type here) or list it in StreamsConfigurationBinder.CodeOnly with the reason.");
    }

    private static (StreamsOptions Options, IReadOnlyList<string> Errors) Bind(string key, string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [$"Streams:{key}"] = value }).Build();
        var options = new StreamsOptions();
        var errors = StreamsConfigurationBinder.Bind(configuration.GetSection("Streams"), options);
        return (options, errors);
    }
}
