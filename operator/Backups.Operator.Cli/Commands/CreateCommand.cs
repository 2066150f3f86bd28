using System.CommandLine;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Formatting;
using Backups.Operator.Cli.Waiting;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Retention;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary><c>kubectl backup create POLICY [--name N] [--description D] [--wait]</c>: a manual backup.</summary>
public static class CreateCommand
{
    /// <summary>How long <c>--wait</c> waits by default: past the 20-minute "something is wrong" mark.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var policy = Arguments.Policy(completer, required: true);
        var name = new Option<string?>("--name") { Description = "The Backup's name (default: <policy>-manual-<random>)" };
        var description = new Option<string?>("--description", "-d") { Description = "Why the backup is made, e.g. \"before upgrading to v2\"" };
        var wait = Arguments.Wait("Wait until the backup is Available (or Error), with a live progress line");
        var timeout = Arguments.Timeout(DefaultTimeout);
        var command = new Command("create", "Take a manual backup (a DigitalOcean snapshot of the policy's droplet)") { policy, name, description, wait, timeout };
        runner.Handle(command, async (parse, api, token) =>
        {
            var policyName = parse.GetValue(policy)!;
            var found = await api.GetPolicyAsync(policyName, token).ConfigureAwait(false)
                ?? throw ApiErrorTranslator.NotFound(ResourceKinds.Policy, policyName, api.Namespace);
            var backups = await api.ListBackupsAsync(policyName, token).ConfigureAwait(false);
            var now = runner.Services.Time.GetUtcNow();
            var backupName = parse.GetValue(name);
            Admit(found, backups, backupName ?? policyName + "-manual", now);

            var request = new BackupResource
            {
                Metadata = backupName is null
                    ? new k8s.Models.V1ObjectMeta { GenerateName = GeneratedPrefix(policyName) }
                    : new k8s.Models.V1ObjectMeta { Name = backupName },
                Spec = new BackupSpec { PolicyName = policyName, Type = BackupType.Manual, Description = parse.GetValue(description) },
            };
            var created = await api.CreateBackupAsync(request, token).ConfigureAwait(false);
            var output = runner.Services.Terminal.Output;
            output.WriteLine($"backup.backup.platform.dev/{created.Name} created");
            if (!parse.GetValue(wait))
            {
                output.WriteLine($"Follow it with: kubectl backup list {policyName} -n {api.Namespace}   ({ProgressText.BackupExpectation})");
                return ExitCodes.Success;
            }

            var waiter = new PhaseWaiter(runner.Services.Terminal, runner.Services.Time);
            var last = await waiter.WaitAsync(
                async t => await api.GetBackupAsync(created.Name, t).ConfigureAwait(false),
                b => b is null || ProgressText.BackupDone(b.Status),
                (b, elapsed) => ProgressText.Backup(created.Name, b?.Status, elapsed),
                parse.GetValue(timeout), $"backup {created.Name}", token).ConfigureAwait(false);
            return Outcome(last, created.Name);
        });
        return command;
    }

    /// <summary>The exit code of a finished wait.</summary>
    public static int Outcome(BackupResource? backup, string name)
    {
        if (backup is null)
        {
            throw new CliException(ExitCodes.Failed, $"backup {name} was deleted while waiting");
        }

        return backup.Status?.Phase switch
        {
            BackupPhase.Available => ExitCodes.Success,
            BackupPhase.Error when backup.Status.Reason is Reasons.LimitReached or Reasons.PlanNotEligible =>
                throw new CliException(ExitCodes.Refused, backup.Status.Message ?? backup.Status.Reason),
            _ => throw new CliException(ExitCodes.Failed, $"backup {name} is {backup.Status?.Phase}: {backup.Status?.Reason}: {backup.Status?.Message}",
                $"see kubectl backup describe {name}"),
        };
    }

    /// <summary>
    /// Refuses before creating anything what the operator would refuse (the rules' admission of a manual backup):
    /// a Basic plan, and a deployment at the cap of 20.
    /// </summary>
    public static void Admit(PolicyResource policy, IReadOnlyList<BackupResource> backups, string candidateName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(backups);
        var resolution = PlanCatalog.Resolve(policy.Spec);
        if (!resolution.IsValid)
        {
            throw new CliException(ExitCodes.Refused, $"policy {policy.Name} is invalid: {resolution.Message}", $"fix it with: kubectl edit backuppolicy {policy.Name}");
        }

        var candidate = new Rules.Inventory.BackupRecord { Name = candidateName, Type = BackupType.Manual, CreatedAt = now };
        var decision = BackupAdmission.AdmitManual(resolution.Policy, backups.Select(PolicyCard.Record), candidate);
        if (decision.IsAllowed)
        {
            return;
        }

        throw decision.Reason switch
        {
            Reasons.PlanNotEligible => new CliException(ExitCodes.Refused, $"{policy.Name} is on the Basic plan: {Reasons.PlanNotEligibleMessage}",
                $"change spec.plan of backuppolicy {policy.Name} to Advanced or Pro"),
            Reasons.LimitReached => new CliException(ExitCodes.Refused, $"{policy.Name} has {Rules.Plans.PolicyLimits.MaxBackupsPerDeployment} backups. {Reasons.LimitReachedMessage}",
                $"list them with: kubectl backup list {policy.Name}, then: kubectl backup delete NAME"),
            _ => new CliException(ExitCodes.Refused, decision.Message ?? "the backup would be refused"),
        };
    }

    /// <summary><c>&lt;policy&gt;-manual-</c>, shortened so the generated name stays within 253 characters.</summary>
    public static string GeneratedPrefix(string policyName)
    {
        ArgumentNullException.ThrowIfNull(policyName);
        const string Suffix = "-manual-";
        var room = 253 - 5 - Suffix.Length;
        return (policyName.Length > room ? policyName[..room].TrimEnd('-', '.') : policyName) + Suffix;
    }
}
