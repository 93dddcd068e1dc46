using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Streams.Errors;
using Streams.Hosting.Internal;

namespace Streams.Hosting.Tests;

/// <summary>The appsettings.json example printed in docs/hosting.md, kept binding and true.</summary>
public partial class DocsExamplesTests
{
    [Fact]
    public void The_hosting_guide_configuration_example_binds_without_errors()
    {
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(ConfigurationExample()))).Build();
        var options = new StreamsOptions();

        var errors = StreamsConfigurationBinder.Bind(configuration.GetSection("Streams"), options);

        errors.Should().BeEmpty();
        options.ApplicationId.Should().Be("orders-app");
        options.BootstrapServers.Should().Be("broker1:9092,broker2:9092");
        options.StateDirectory.Should().Be("/var/lib/orders");
        options.CommitInterval.Should().Be(TimeSpan.FromSeconds(5));
        options.StateStoreCacheMaxBytes.Should().Be(50 * 1024 * 1024);
        options.DeserializationExceptionHandler.Should().BeSameAs(LogAndContinueExceptionHandler.Instance);
        options.Consumer.SecurityProtocol.Should().Be(SecurityProtocol.SaslSsl);
        options.Producer.SaslUsername.Should().Be("orders");
        options.Admin.SaslMechanism.Should().Be(SaslMechanism.Plain);
        options.Consumer.SessionTimeoutMs.Should().Be(10_000);
        options.Consumer.MaxPollIntervalMs.Should().Be(600_000);
        options.Producer.LingerMs.Should().Be(5);
        options.Producer.CompressionType.Should().Be(CompressionType.Lz4);
        options.Admin.Get("request.timeout.ms").Should().Be("20000");
    }

    private static string ConfigurationExample()
    {
        var root = typeof(DocsExamplesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var guide = File.ReadAllText(Path.Combine(root, "docs", "hosting.md"));
        var configuration = guide[guide.IndexOf("## Configuration", StringComparison.Ordinal)..];
        return JsonBlock().Match(configuration).Groups[1].Value;
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
