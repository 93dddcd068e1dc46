using System.CommandLine;
using Streams.EmbeddedKafka;
using Streams.EmbeddedKafka.Server;

var brokersOption = new Option<int>("--brokers")
{
    Description = "Number of brokers (ids 1..N).",
    DefaultValueFactory = _ => 1,
};
brokersOption.Validators.Add(result =>
{
    if (result.GetValueOrDefault<int>() < 1)
    {
        result.AddError("--brokers must be at least 1.");
    }
});

var topicOption = new Option<string[]>("--topic")
{
    Description = "Topic to create, as name:partitions (partitions default to 1). Repeat for more topics.",
    AllowMultipleArgumentsPerToken = false,
};
topicOption.Validators.Add(result =>
{
    foreach (var spec in result.GetValueOrDefault<string[]>() ?? [])
    {
        if (!TopicSpec.TryParse(spec, out _, out var error))
        {
            result.AddError(error);
        }
    }
});

var readyFileOption = new Option<FileInfo?>("--ready-file")
{
    Description = "Once the cluster is ready, write its bootstrap servers to this file (atomically), so a parent process can wait for it.",
};

var root = new RootCommand(
    "Runs librdkafka's mock Kafka cluster in this process until SIGTERM or Ctrl+C. " +
    "Prints 'bootstrap.servers=<address>' as the first line on stdout; everything else goes to stderr.")
{
    brokersOption,
    topicOption,
    readyFileOption,
};

root.SetAction(async (parseResult, cancellationToken) =>
{
    var topics = (parseResult.GetValue(topicOption) ?? []).Select(TopicSpec.Parse).ToList();
    var options = new BrokerOptions(parseResult.GetValue(brokersOption), topics, parseResult.GetValue(readyFileOption));
    return await BrokerCommand.RunAsync(options, Console.Out, Console.Error, cancellationToken).ConfigureAwait(false);
});

// Signals are handled by BrokerCommand (SIGTERM must end in exit code 0, not the runtime's 143).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
