using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Streams.TestDriver.Simulation;

/// <content>The admin APIs the model does not answer: each throws <see cref="NotSupportedException"/> naming itself.</content>
internal sealed partial class InMemoryAdminClient
{
    public Task AlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, AlterConfigsOptions? options = null) => throw Unsupported(nameof(AlterConfigsAsync));

    public Task<List<AlterConsumerGroupOffsetsResult>> AlterConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitionOffsets> groupPartitions, AlterConsumerGroupOffsetsOptions? options = null) =>
        throw Unsupported(nameof(AlterConsumerGroupOffsetsAsync));

    public Task AlterUserScramCredentialsAsync(IEnumerable<UserScramCredentialAlteration> alterations, AlterUserScramCredentialsOptions? options = null) =>
        throw Unsupported(nameof(AlterUserScramCredentialsAsync));

    public Task CreateAclsAsync(IEnumerable<AclBinding> aclBindings, CreateAclsOptions? options = null) => throw Unsupported(nameof(CreateAclsAsync));

    public Task CreatePartitionsAsync(IEnumerable<PartitionsSpecification> partitionsSpecifications, CreatePartitionsOptions? options = null) => throw Unsupported(nameof(CreatePartitionsAsync));

    public Task<List<DeleteAclsResult>> DeleteAclsAsync(IEnumerable<AclBindingFilter> aclBindingFilters, DeleteAclsOptions? options = null) => throw Unsupported(nameof(DeleteAclsAsync));

    public Task<DeleteConsumerGroupOffsetsResult> DeleteConsumerGroupOffsetsAsync(string group, IEnumerable<TopicPartition> partitions, DeleteConsumerGroupOffsetsOptions? options = null) =>
        throw Unsupported(nameof(DeleteConsumerGroupOffsetsAsync));

    public Task DeleteGroupsAsync(IList<string> groups, DeleteGroupsOptions? options = null) => throw Unsupported(nameof(DeleteGroupsAsync));

    public Task<DescribeAclsResult> DescribeAclsAsync(AclBindingFilter aclBindingFilter, DescribeAclsOptions? options = null) => throw Unsupported(nameof(DescribeAclsAsync));

    public Task<DescribeConsumerGroupsResult> DescribeConsumerGroupsAsync(IEnumerable<string> groups, DescribeConsumerGroupsOptions? options = null) => throw Unsupported(nameof(DescribeConsumerGroupsAsync));

    public Task<DescribeUserScramCredentialsResult> DescribeUserScramCredentialsAsync(IEnumerable<string> users, DescribeUserScramCredentialsOptions? options = null) =>
        throw Unsupported(nameof(DescribeUserScramCredentialsAsync));

    public Task<List<IncrementalAlterConfigsResult>> IncrementalAlterConfigsAsync(Dictionary<ConfigResource, List<ConfigEntry>> configs, IncrementalAlterConfigsOptions? options = null) =>
        throw Unsupported(nameof(IncrementalAlterConfigsAsync));

    public Task<List<ListConsumerGroupOffsetsResult>> ListConsumerGroupOffsetsAsync(IEnumerable<ConsumerGroupTopicPartitions> groupPartitions, ListConsumerGroupOffsetsOptions? options = null) =>
        throw Unsupported(nameof(ListConsumerGroupOffsetsAsync));

    public Task<ListConsumerGroupsResult> ListConsumerGroupsAsync(ListConsumerGroupsOptions? options = null) => throw Unsupported(nameof(ListConsumerGroupsAsync));

    public GroupInfo ListGroup(string group, TimeSpan timeout) => throw Unsupported(nameof(ListGroup));

    public List<GroupInfo> ListGroups(TimeSpan timeout) => throw Unsupported(nameof(ListGroups));

    private static NotSupportedException Unsupported(string api) => new($"The in-memory Kafka model does not answer {api}.");
}
