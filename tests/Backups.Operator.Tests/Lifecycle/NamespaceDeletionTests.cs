using Backups.Operator.Tests.Harness;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Lifecycle;

public sealed class NamespaceDeletionTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Deleting_the_namespace_leaves_zero_snapshots()
    {
        await using var harness = await OperatorHarness.StartAsync(output);
        var (ns, _) = await LifecycleSteps.AvailableManualBackupAsync(harness);
        await harness.CreatePolicyAsync(ns, "blog", harness.Droplets[1].Id, Api.Plan.Advanced);
        await harness.CreateBackupAsync(ns, "blog-manual", "blog");
        await harness.AdvanceUntilBackupAsync(ns, "blog-manual", LifecycleSteps.IsAvailable);
        harness.AllSnapshots().Should().HaveCount(2);

        await harness.Namespaces.DeleteAsync(null, ns, null, CancellationToken.None);

        await harness.AdvanceUntilAsync(
            _ => Task.FromResult(harness.AllSnapshots().Count == 0),
            TimeSpan.FromSeconds(15),
            TimeSpan.FromHours(1),
            because: "every snapshot of the namespace to be deleted");
        try
        {
            await harness.AdvanceUntilAsync(
                async token => (await harness.Namespaces.GetAsync(null, ns, token)) is null,
                TimeSpan.FromSeconds(15),
                TimeSpan.FromHours(1),
                because: $"namespace {ns} to be gone");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Left in {ns}: {await LeftoversAsync(harness, ns)}", e);
        }

        harness.AllSnapshots().Should().BeEmpty();
    }

    private static async Task<string> LeftoversAsync(OperatorHarness harness, string ns)
    {
        static string Describe<T>(IEnumerable<T> items)
            where T : k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> =>
            string.Join(", ", items.Select(i => $"{i.Kind} {i.Metadata.Name} (finalizers: {string.Join(' ', i.Metadata.Finalizers ?? [])})"));

        var policies = await harness.Policies.ListAsync(ns, null, CancellationToken.None);
        var backups = await harness.Backups.ListAsync(ns, null, CancellationToken.None);
        var secrets = await harness.Secrets.ListAsync(ns, null, CancellationToken.None);
        return $"{Describe(policies.Items)}; {Describe(backups.Items)}; {Describe(secrets.Items)}";
    }
}
