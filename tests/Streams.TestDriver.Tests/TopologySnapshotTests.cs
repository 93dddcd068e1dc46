namespace Streams.TestDriver.Tests;

/// <summary>
/// The whole text of a topology's description, Mermaid and DOT pictures against committed snapshots
/// (<c>Snapshots/TopologySnapshotTests.*.verified.txt</c>): a change in naming, sub-topology grouping, or rendering shows
/// as a reviewed diff. The shape rules themselves are asserted in <see cref="TopologyDiagramTests"/> and
/// <see cref="TopologyDescribeTests"/>.
/// </summary>
public sealed class TopologySnapshotTests
{
    [Fact]
    public Task Describe_text() => Verify(TopologyDescribeTests.OrdersTopology().Describe().ToString()).UseDirectory("Snapshots");

    [Fact]
    public Task Mermaid() => Verify(TopologyDescribeTests.OrdersTopology().Describe().ToMermaid()).UseDirectory("Snapshots");

    [Fact]
    public Task Dot() => Verify(TopologyDescribeTests.OrdersTopology().Describe().ToDot()).UseDirectory("Snapshots");
}
