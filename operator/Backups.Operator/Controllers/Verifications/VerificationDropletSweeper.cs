using Backups.Operator.Api;
using Backups.Operator.Credentials;
using Backups.Operator.DigitalOcean;
using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.LeaderElection;
using Backups.Operator.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Backups.Operator.Controllers.Verifications;

/// <summary>
/// The periodic sweep of leaked verification droplets (docs/design.md, "Verifications"): with each token a policy uses,
/// every droplet of that token's account carrying the tag <c>backups-operator</c> and a name <c>bkv-&lt;uid&gt;</c> whose
/// verification no longer exists (no BackupVerification with that uid, in any namespace) and that is older than
/// <see cref="VerificationOptions.SweepMinimumAge"/> is destroyed. A droplet without the tag is never touched, and a
/// token sees only its own account's droplets. Runs only on the leader, after the informers synced.
/// </summary>
public sealed partial class VerificationDropletSweeper(
    IInformerFactory informers,
    ICredentialResolver credentials,
    IDigitalOceanClientFactory digitalOcean,
    ILeaderElection leaderElection,
    IOptions<VerificationOptions> options,
    TimeProvider timeProvider,
    ILogger<VerificationDropletSweeper> logger) : BackgroundService
{
    /// <summary>One sweep over every token the policies use; returns how many droplets were destroyed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var live = informers.GetInformer<BackupVerification>().Store.List().Select(v => v.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
        var now = timeProvider.GetUtcNow();
        var swept = 0;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in informers.GetInformer<BackupPolicy>().Store.List())
        {
            var resolved = await credentials.ResolveAsync(policy, cancellationToken).ConfigureAwait(false);
            if (!resolved.IsResolved)
            {
                continue;
            }

            var client = digitalOcean.Create(resolved.Token);
            if (!seenTokens.Add(client.TokenLabel))
            {
                continue;
            }

            var tagged = await client.ListDropletsByTagAsync(ApiConstants.VerificationDropletTag, cancellationToken).ConfigureAwait(false);
            if (!tagged.IsOk)
            {
                Log.ListFailed(logger, client.TokenLabel, tagged.Kind.ToString());
                continue;
            }

            foreach (var droplet in tagged.Value.Where(d => IsLeaked(d, live, now)))
            {
                var deleted = await client.DeleteDropletAsync(droplet.Id, cancellationToken).ConfigureAwait(false);
                if (deleted.IsOk)
                {
                    swept++;
                    Log.Swept(logger, droplet.Id, droplet.Name);
                }
            }
        }

        return swept;
    }

    /// <summary>Carries the tag, is named <c>bkv-&lt;uid&gt;</c> with the uid tag, its verification is gone, and it is old enough.</summary>
    private bool IsLeaked(DigitalOcean.Models.Droplet droplet, IReadOnlySet<string> live, DateTimeOffset now)
    {
        if (!droplet.Tags.Contains(ApiConstants.VerificationDropletTag, StringComparer.Ordinal) || !droplet.Name.StartsWith("bkv-", StringComparison.Ordinal))
        {
            return false;
        }

        var uid = droplet.Name["bkv-".Length..];
        return droplet.Tags.Contains(uid, StringComparer.Ordinal)
               && !live.Contains(uid)
               && droplet.CreatedAt is { } created
               && now - created >= options.Value.SweepMinimumAge;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.SweepInterval, timeProvider, stoppingToken).ConfigureAwait(false);
                if (!leaderElection.IsLeader
                    || !informers.GetInformer<BackupVerification>().HasSynced
                    || !informers.GetInformer<BackupPolicy>().HasSynced)
                {
                    continue;
                }

                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.SweepFailed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Verification sweep destroyed leaked droplet {DropletId} ({Name}): its BackupVerification no longer exists")]
        public static partial void Swept(ILogger logger, long dropletId, string name);

        [LoggerMessage(2, LogLevel.Information, "Verification sweep could not list the tagged droplets of token {TokenLabel} ({Kind}); next sweep")]
        public static partial void ListFailed(ILogger logger, string tokenLabel, string kind);

        [LoggerMessage(3, LogLevel.Warning, "Verification sweep failed; next sweep")]
        public static partial void SweepFailed(ILogger logger, Exception exception);
    }
}
