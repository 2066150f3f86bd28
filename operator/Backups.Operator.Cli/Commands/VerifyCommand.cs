using System.CommandLine;
using Backups.Operator.Api;
using Backups.Operator.Cli.Cluster;
using Backups.Operator.Cli.Completion;
using Backups.Operator.Cli.Waiting;
using Spectre.Console;

namespace Backups.Operator.Cli.Commands;

/// <summary>
/// <c>kubectl backup verify BACKUP (--http PORT [--path P] [--expected-status S] | --tcp PORT) [--size S] [--wait]</c>:
/// creates a BackupVerification (the backup booted on a temporary droplet and probed; the customer's droplet is never
/// touched); <c>--wait</c> follows Creating → Booting → Probing → Passed/Failed until the droplet is destroyed.
/// </summary>
public static class VerifyCommand
{
    /// <summary>How long <c>--wait</c> waits by default: past the verification's own default timeout (20 minutes).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public static Command Build(CommandRunner runner, NameCompleter completer)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var backup = Arguments.Backup(completer);
        var http = new Option<int?>("--http") { Description = "Probe with an HTTP GET on this port of the temporary droplet" };
        var path = new Option<string?>("--path") { Description = "The HTTP path (default /)" };
        var expected = new Option<int?>("--expected-status") { Description = "The HTTP status the probe expects (default 200)" };
        var tcp = new Option<int?>("--tcp") { Description = "Probe with a TCP connect on this port instead" };
        var size = new Option<string?>("--size") { Description = "The droplet size slug (default: the smallest whose disk fits the snapshot)" };
        var wait = Arguments.Wait("Wait until the verification Passed (or Failed) and its droplet is destroyed, with a live progress line");
        var timeout = Arguments.Timeout(DefaultTimeout);
        var command = new Command("verify", "Boot a backup on a temporary droplet and probe it (the backup's own droplet is not touched)")
        {
            backup, http, path, expected, tcp, size, wait, timeout,
        };
        runner.Handle(command, async (parse, api, token) =>
        {
            var terminal = runner.Services.Terminal;
            var name = parse.GetValue(backup)!;
            var probe = Probe(parse.GetValue(http), parse.GetValue(path), parse.GetValue(expected), parse.GetValue(tcp));
            var found = await api.GetBackupAsync(name, token).ConfigureAwait(false)
                ?? throw ApiErrorTranslator.NotFound(ResourceKinds.Backup, name, api.Namespace);
            if (found.Status?.Phase != BackupPhase.Available)
            {
                throw new CliException(ExitCodes.Refused, $"backup {name} is {found.Status?.Phase?.ToString() ?? "not reconciled yet"}: only an Available backup can be verified",
                    found.Status?.Phase == BackupPhase.Creating ? $"wait for it: kubectl backup list {found.Spec.PolicyName}" : null);
            }

            var created = await api.CreateVerificationAsync(new VerificationResource
            {
                Metadata = new k8s.Models.V1ObjectMeta { GenerateName = GeneratedPrefix(name) },
                Spec = new BackupVerificationSpec { BackupName = name, Probe = probe, Size = parse.GetValue(size) },
            }, token).ConfigureAwait(false);
            terminal.Output.WriteLine($"backupverification.backup.platform.dev/{created.Name} created");
            if (!parse.GetValue(wait))
            {
                terminal.Output.WriteLine($"Follow it with: kubectl -n {api.Namespace} get bkv {created.Name} -w");
                return ExitCodes.Success;
            }

            var waiter = new PhaseWaiter(terminal, runner.Services.Time);
            var last = await waiter.WaitAsync(
                async t => await api.GetVerificationAsync(created.Name, t).ConfigureAwait(false),
                v => v is null || ProgressText.VerificationDone(v.Status),
                (v, elapsed) => ProgressText.Verification(v?.Status, elapsed),
                parse.GetValue(timeout), $"verification {created.Name}", token).ConfigureAwait(false);
            return last?.Status?.Phase == VerificationPhase.Passed
                ? ExitCodes.Success
                : throw new CliException(ExitCodes.Failed, $"verification {created.Name} {last?.Status?.Phase?.ToString() ?? "was deleted"}: {last?.Status?.Reason}: {last?.Status?.Message}",
                    $"see kubectl -n {api.Namespace} describe bkv {created.Name}");
        });
        return command;
    }

    /// <summary>Exactly one probe: <c>--http PORT</c> (with <c>--path</c>, <c>--expected-status</c>) or <c>--tcp PORT</c>.</summary>
    public static VerificationProbe Probe(int? httpPort, string? path, int? expectedStatus, int? tcpPort)
    {
        if (httpPort is null == tcpPort is null)
        {
            throw new CliException(ExitCodes.Usage, "give exactly one probe: --http PORT or --tcp PORT", "e.g. kubectl backup verify BACKUP --http 8080 --path /healthz");
        }

        if (tcpPort is { } tcp)
        {
            return path is null && expectedStatus is null
                ? new VerificationProbe { TcpSocket = new TcpSocketProbe { Port = tcp } }
                : throw new CliException(ExitCodes.Usage, "--path and --expected-status go with --http, not --tcp");
        }

        return new VerificationProbe { HttpGet = new HttpGetProbe { Port = httpPort!.Value, Path = path ?? "/", ExpectedStatus = expectedStatus ?? 200 } };
    }

    /// <summary><c>&lt;backup&gt;-verify-</c>, shortened so the generated name stays within 253 characters.</summary>
    public static string GeneratedPrefix(string backupName)
    {
        ArgumentNullException.ThrowIfNull(backupName);
        const string Suffix = "-verify-";
        var room = 253 - 5 - Suffix.Length;
        return (backupName.Length > room ? backupName[..room].TrimEnd('-', '.') : backupName) + Suffix;
    }
}
