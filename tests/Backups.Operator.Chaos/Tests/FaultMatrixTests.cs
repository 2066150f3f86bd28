using Backups.Operator.Chaos.Matrix;
using Backups.Operator.Chaos.Stack;
using Backups.Operator.Testing;
using Xunit.Abstractions;

namespace Backups.Operator.Chaos.Tests;

/// <summary>The cheap rows of the fault matrix (<c>make chaos</c> runs every row and writes benchmarks/CHAOS.md): under each
/// fault a manual backup settles in the expected phase with at most one snapshot POST. No time is asserted.</summary>
public sealed class FaultMatrixTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_each_cheap_fault_a_backup_converges_with_one_snapshot_post()
    {
        File.Exists(RepositoryPaths.Kubectl).Should().BeTrue("LocalStack waits for the API server with kubectl (installed by `make tools`)");
        await using var stack = await ChaosStack.StartAsync(output.WriteLine, CancellationToken.None);

        var results = await new FaultMatrix(stack, output.WriteLine).RunAsync(FaultCatalog.All.Where(c => c.Cheap), CancellationToken.None);

        results.Should().HaveCount(FaultCatalog.All.Count(c => c.Cheap));
        results.Where(r => !r.Converged).Select(r => r.Describe()).Should().BeEmpty();
    }
}
