using System.Net.Http.Headers;
using Backups.Operator.Api;
using Backups.Operator.Controllers.Backups;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Resources;
using Backups.Operator.Tests.Harness;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Backups.Operator.Tests.Backups;

/// <summary>
/// The in-process harness with the Backup controller guaranteed to run (registered once even when the host already does),
/// a capture of every operator log line, and helpers the Backup tests share.
/// </summary>
public static class BackupScenario
{
    public static async Task<(OperatorHarness Harness, CapturingLoggerProvider Logs)> StartAsync(ITestOutputHelper output, Action<OperatorHarnessOptions>? configure = null)
    {
        var logs = new CapturingLoggerProvider();
        var harness = await OperatorHarness.StartAsync(output, options =>
        {
            configure?.Invoke(options);
            var inner = options.ConfigureServices;
            options.ConfigureServices = services =>
            {
                inner?.Invoke(services);
                services.AddSingleton<ILoggerProvider>(logs);
                if (!services.Any(d => d.ServiceType == typeof(ICredentialResolver)))
                {
                    services.AddBackupsDigitalOceanAccess();
                }

                if (!services.Any(d => d.ServiceType == typeof(BackupReconciler)))
                {
                    services.AddBackupController();
                }
            };
        });
        return (harness, logs);
    }

    public static bool IsPhase(Backup backup, BackupPhase phase) => backup.Status?.Phase == phase;

    /// <summary>Deletes a snapshot through the simulator's API, as someone with the token would outside the operator.</summary>
    public static async Task DeleteSnapshotBehindOurBackAsync(OperatorHarness harness, string snapshotId)
    {
        using var http = new HttpClient { BaseAddress = harness.Simulator.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"v2/snapshots/{snapshotId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", harness.Token);
        using var response = await http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue();
    }

    /// <summary>The Events recorded about objects in a namespace.</summary>
    public static async Task<IReadOnlyList<Corev1Event>> EventsAsync(OperatorHarness harness, string ns)
    {
        var list = await harness.Client<Corev1Event>().ListAsync(ns, null, CancellationToken.None);
        return list.Items;
    }

    /// <summary>Waits (real time) until an Event about <paramref name="objectName"/> with <paramref name="reason"/> was written (events are written in the background).</summary>
    public static Task<Corev1Event> WaitForEventAsync(OperatorHarness harness, string ns, string objectName, string reason, string? type = null) =>
        harness.WaitForAsync(
            async _ => (await EventsAsync(harness, ns)).FirstOrDefault(e => e.InvolvedObject.Name == objectName && e.Reason == reason && (type is null || e.Type == type)),
            static _ => true,
            because: $"an Event {reason} about {ns}/{objectName}");

    /// <summary>Advances the clock until the Backup no longer exists.</summary>
    public static Task<TimeSpan> AdvanceUntilGoneAsync(OperatorHarness harness, string ns, string name, TimeSpan? max = null) =>
        harness.AdvanceUntilAsync(
            async token => await harness.Backups.GetAsync(ns, name, token) is null,
            TimeSpan.FromSeconds(15),
            max ?? TimeSpan.FromHours(1),
            because: $"Backup {ns}/{name} to be gone");

    /// <summary>A Pro policy whose schedule never fires during a test (suspended), so only the test's backups exist.</summary>
    public static Task<BackupPolicy> CreateQuietPolicyAsync(OperatorHarness harness, string ns, string name, long? dropletId = null, Plan plan = Plan.Pro, Action<BackupPolicySpec>? configure = null) =>
        harness.CreatePolicyAsync(ns, name, dropletId, plan, spec =>
        {
            spec.Suspend = true;
            configure?.Invoke(spec);
        });
}
