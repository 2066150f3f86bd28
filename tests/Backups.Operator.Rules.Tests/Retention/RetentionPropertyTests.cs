using Backups.Operator.Api;
using Backups.Operator.Rules.Inventory;
using Backups.Operator.Rules.Naming;
using Backups.Operator.Rules.Plans;
using Backups.Operator.Rules.Retention;
using Backups.Operator.Rules.Scheduling;
using Backups.Operator.Rules.Tests.TestSupport;
using Xunit.Abstractions;

namespace Backups.Operator.Rules.Tests.Retention;

/// <summary>
/// Randomized checks (fixed seed) of retention, expiry and the cap: thousands of random backup sets and clocks, and
/// random histories of a deployment over months, each checked against the invariants of docs/rules.md.
/// </summary>
public sealed class RetentionPropertyTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Random_backup_sets_keep_every_invariant()
    {
        var cases = RandomCases.Count(10000);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(RandomCases.Seed + 2);
        var reasons = new Dictionary<DeletionReason, int>();
        int evictions = 0, skipped = 0, refusedManual = 0, atCap = 0;

        for (var i = 0; i < cases; i++)
        {
            var policy = RandomPolicy(random);
            var now = Epoch + TimeSpan.FromSeconds(random.NextInt64(0, 365L * 86400));
            var backups = RandomBackups(random, policy, now);
            var caseNumber = i;
            Func<string> context = () => $"case {caseNumber} (seed {RandomCases.Seed + 2}): {Describe(policy, backups, now)}";

            var plan = BackupPlanner.Plan(policy, backups, now);
            CheckPlan(policy, backups, now, plan, context);
            foreach (var deletion in plan.Deletions)
            {
                reasons[deletion.Reason] = reasons.GetValueOrDefault(deletion.Reason) + 1;
            }

            // Deterministic: the same answer for the same input, in any order.
            var shuffled = backups.OrderBy(_ => random.Next()).ToList();
            var again = BackupPlanner.Plan(policy, shuffled, now);
            Invariant.That(again.Deletions.SequenceEqual(plan.Deletions) && again.NextExpiry == plan.NextExpiry && again.NewestAvailable == plan.NewestAvailable, "decisions are deterministic (any input order)", context);
            var twice = BackupPlanner.Plan(policy, backups, now);
            Invariant.That(twice.Deletions.SequenceEqual(plan.Deletions) && twice.NextExpiry == plan.NextExpiry, "decisions are deterministic (same input)", context);

            var remaining = backups.Where(b => !plan.Deletes(b.Name)).ToList();
            var countedBefore = remaining.Count(b => b.CountsTowardCap);
            atCap += countedBefore >= PolicyLimits.MaxBackupsPerDeployment ? 1 : 0;

            var automaticName = "p-" + i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture);
            var automatic = BackupAdmission.AdmitAutomatic(policy, backups, automaticName, plan);
            CheckAutomaticAdmission(policy, remaining, plan, automatic, context);
            evictions += automatic.Evictions.Count;
            skipped += automatic.Outcome == AdmissionOutcome.Refused && automatic.Reason == Reasons.LimitReached ? 1 : 0;
            var automaticAgain = BackupAdmission.AdmitAutomatic(policy, shuffled, automaticName, plan);
            Invariant.That(automaticAgain.Outcome == automatic.Outcome && automaticAgain.Evictions.SequenceEqual(automatic.Evictions), "admission is deterministic (any input order)", context);

            var candidate = new BackupRecord
            {
                Name = "manual-request",
                Type = BackupType.Manual,
                CreatedAt = now - TimeSpan.FromSeconds(random.Next(0, 600)),
            };
            var manual = BackupAdmission.AdmitManual(policy, backups.Append(candidate), candidate, plan);
            CheckManualAdmission(policy, remaining, candidate, manual, context);
            refusedManual += manual.IsAllowed ? 0 : 1;
        }

        output.WriteLine(
            $"randomized backup sets: {cases} (seed {RandomCases.Seed + 2}) in {stopwatch.ElapsedMilliseconds} ms; deletions {string.Join(", ", reasons.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}; " +
            $"sets at or over the cap after the plan {atCap}; cap evictions {evictions}; automatic runs skipped {skipped}; manual requests refused {refusedManual}");
        reasons.Keys.Should().Contain([DeletionReason.Retention, DeletionReason.Expiry], "the generator must exercise every rule");
        evictions.Should().BePositive();
        skipped.Should().BePositive();
        refusedManual.Should().BePositive();
    }

    [Fact]
    public void Random_histories_of_a_deployment_keep_every_invariant()
    {
        const int days = 150;
        var histories = RandomCases.Count(50);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var random = new Random(RandomCases.Seed + 3);
        long steps = 0, made = 0, deleted = 0, skippedRuns = 0, refusedManual = 0;

        for (var h = 0; h < histories; h++)
        {
            var policy = Policies.Resolve(
                random.Next(2) == 0 ? Plan.Pro : Plan.Advanced,
                schedule: random.Next(3) == 0 ? "0 */8 * * *" : null,
                retained: random.Next(3) == 0 ? random.Next(1, 21) : null,
                expireAfterDays: random.Next(3) == 0 ? random.Next(1, 91) : null);
            var manualRate = random.NextDouble() * 0.1;
            var created = Epoch + TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 200));
            var backups = new List<BackupRecord>();
            var everAvailable = false;
            DateTimeOffset? lastSchedule = null;
            var now = created;
            var history = h;
            Func<string> context = () =>
                $"history {history} (seed {RandomCases.Seed + 3}): {policy.Plan} {policy.Schedule} keep {policy.RetainedAutomatic} expire {policy.ExpireAfterDays}d, " +
                $"manual rate {manualRate:0.00}, at {now:O}: {Describe(policy, backups, now)}";

            for (now = created + TimeSpan.FromHours(2); now < created + TimeSpan.FromDays(days); now += TimeSpan.FromHours(2))
            {
                steps++;

                // Snapshots finish: Creating -> Available (mostly) or Error; restores start and end.
                for (var i = 0; i < backups.Count; i++)
                {
                    var b = backups[i];
                    if (b.Phase == BackupPhase.Creating && random.Next(2) == 0)
                    {
                        backups[i] = random.Next(8) == 0
                            ? b with { Phase = BackupPhase.Error, Reason = Reasons.Timeout }
                            : b with { Phase = BackupPhase.Available, CompletedAt = now, SizeGigabytes = 25 + random.Next(50) };
                    }
                    else if (b.Phase == BackupPhase.Restoring && random.Next(3) == 0)
                    {
                        backups[i] = b with { Phase = BackupPhase.Available };
                    }
                    else if (b.Phase == BackupPhase.Available && random.Next(300) == 0)
                    {
                        backups[i] = b with { Phase = BackupPhase.Restoring };
                    }
                }

                everAvailable |= backups.Any(b => b.IsAvailable);

                // The owner deletes refused requests now and then.
                backups.RemoveAll(b => b.IsRefused && random.Next(4) == 0);

                // The policy reconciler: plan and delete, then the schedule with admission.
                var plan = BackupPlanner.Plan(policy, backups, now);
                CheckPlan(policy, backups, now, plan, context);
                backups.RemoveAll(b => plan.Deletes(b.Name));
                deleted += plan.Deletions.Count;

                var schedule = ScheduleEvaluator.Evaluate(policy, created, lastSchedule, now);
                if (schedule.Action == ScheduleAction.Due)
                {
                    var name = BackupNames.Automatic("shop", schedule.Tick!.Value);
                    var admission = BackupAdmission.AdmitAutomatic(policy, backups, name);
                    CheckAutomaticAdmission(policy, backups, plan: null, admission, context);
                    backups.RemoveAll(b => admission.Evictions.Any(e => e.BackupName == b.Name));
                    deleted += admission.Evictions.Count;
                    if (admission.IsAllowed)
                    {
                        backups.Add(new BackupRecord { Name = name, Type = BackupType.Automatic, Phase = BackupPhase.Creating, CreatedAt = now, ExpiresAt = BackupPlanner.ExpiresAt(policy, now) });
                        made++;
                    }
                    else
                    {
                        skippedRuns++;
                    }
                }

                lastSchedule = schedule.LastScheduleTime;

                // The backup reconciler: a manual request now and then; refused ones stay as Error objects.
                if (random.NextDouble() < manualRate)
                {
                    var candidate = new BackupRecord { Name = $"manual-{steps}", Type = BackupType.Manual, CreatedAt = now };
                    var admission = BackupAdmission.AdmitManual(policy, backups.Append(candidate), candidate);
                    CheckManualAdmission(policy, backups, candidate, admission, context);
                    backups.Add(admission.IsAllowed
                        ? candidate with { Phase = BackupPhase.Creating, ExpiresAt = BackupPlanner.ExpiresAt(policy, now) }
                        : candidate with { Phase = BackupPhase.Error, Reason = admission.Reason });
                    made += admission.IsAllowed ? 1 : 0;
                    refusedManual += admission.IsAllowed ? 0 : 1;
                }

                Invariant.That(backups.Count(b => b.CountsTowardCap) <= PolicyLimits.MaxBackupsPerDeployment, "never more than 20 backups", context);
                Invariant.That(!everAvailable || backups.Any(b => b.IsAvailable), "a deployment is never left without an Available backup", context);
            }
        }

        output.WriteLine(
            $"randomized histories: {histories} x {days} days in 2-hour reconciles (seed {RandomCases.Seed + 3}) in {stopwatch.ElapsedMilliseconds} ms; reconcile steps {steps}, backups made {made}, " +
            $"deleted by the rules {deleted}, automatic runs skipped at the cap {skippedRuns}, manual requests refused {refusedManual}");
        skippedRuns.Should().BePositive();
        refusedManual.Should().BePositive();
    }

    private static void CheckPlan(EffectivePolicy policy, List<BackupRecord> backups, DateTimeOffset now, BackupPlan plan, Func<string> context)
    {
        var live = backups.Where(b => !b.IsDeleting).ToList();
        var newestAvailable = live.Where(b => b.Phase is BackupPhase.Available or BackupPhase.Restoring)
            .OrderBy(b => b.CreatedAt).ThenBy(b => b.Name, StringComparer.Ordinal).LastOrDefault();
        Invariant.That(plan.NewestAvailable == newestAvailable?.Name, "the planner names the newest Available backup", context);

        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var byName = backups.ToDictionary(b => b.Name);
        var automaticAvailableNewestFirst = live.Where(b => b.Type == BackupType.Automatic && b.IsAvailable)
            .OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Name, StringComparer.Ordinal).ToList();

        foreach (var deletion in plan.Deletions)
        {
            Invariant.That(deleted.Add(deletion.BackupName), "each backup is decided once", context);
            Invariant.That(byName.TryGetValue(deletion.BackupName, out var backup), "decisions name existing backups", context);
            Invariant.That(Enum.IsDefined(deletion.Reason), "every decision has a reason", context);
            Invariant.That(!backup!.IsDeleting, "a backup being deleted is not decided again", context);
            Invariant.That(!ReferenceEquals(backup, newestAvailable), "never delete the newest Available backup", context);
            Invariant.That(backup.Phase is BackupPhase.Available or BackupPhase.Error, "never delete a Creating or Restoring backup", context);
            switch (deletion.Reason)
            {
                case DeletionReason.Expiry:
                    Invariant.That(now >= BackupPlanner.EffectiveExpiry(policy, backup), "expiry deletes only expired backups", context);
                    break;
                case DeletionReason.Retention:
                    Invariant.That(backup.Type == BackupType.Automatic, "manual backups are never removed by retention", context);
                    var newerAvailableAutomatic = automaticAvailableNewestFirst.Count(b => BackupRecord.OldestFirst.Compare(b, backup) > 0);
                    if (backup.IsAvailable)
                    {
                        Invariant.That(policy.RetainedAutomatic is { } n && newerAvailableAutomatic >= n, "retention keeps the newest N Available automatic backups", context);
                    }
                    else
                    {
                        Invariant.That(newerAvailableAutomatic > 0, "an automatic Error backup goes only once a newer automatic backup is Available", context);
                    }

                    break;
                default:
                    Invariant.That(false, $"the planner never decides {deletion.Reason}", context);
                    break;
            }
        }

        Invariant.That(plan.Deletions.Select(d => byName[d.BackupName]).SequenceEqual(plan.Deletions.Select(d => byName[d.BackupName]).Order(BackupRecord.OldestFirst)), "decisions are ordered oldest first", context);

        // Completeness: what stays is allowed to stay.
        var remaining = live.Where(b => !deleted.Contains(b.Name)).ToList();
        foreach (var backup in remaining)
        {
            if (backup.IsProtected || ReferenceEquals(backup, newestAvailable))
            {
                continue;
            }

            Invariant.That(BackupPlanner.EffectiveExpiry(policy, backup) > now, $"nothing is kept past expiry but the newest Available backup ({backup.Name})", context);
            if (backup.Type == BackupType.Automatic && backup.IsError)
            {
                Invariant.That(!automaticAvailableNewestFirst.Any(b => BackupRecord.OldestFirst.Compare(b, backup) > 0), $"automatic Error backups go once a newer automatic backup is Available ({backup.Name})", context);
            }
        }

        if (policy.RetainedAutomatic is { } keep)
        {
            foreach (var backup in automaticAvailableNewestFirst.Skip(keep))
            {
                Invariant.That(backup.IsProtected || ReferenceEquals(backup, newestAvailable) || deleted.Contains(backup.Name), $"Available automatic backups beyond the newest N go ({backup.Name})", context);
            }
        }

        foreach (var backup in automaticAvailableNewestFirst.Take(policy.RetainedAutomatic ?? int.MaxValue))
        {
            Invariant.That(now >= BackupPlanner.EffectiveExpiry(policy, backup) || !deleted.Contains(backup.Name), $"the newest N automatic backups stay until they expire ({backup.Name})", context);
        }

        DateTimeOffset? nextExpiry = null;
        foreach (var backup in remaining)
        {
            var expiry = BackupPlanner.EffectiveExpiry(policy, backup);
            if (!ReferenceEquals(backup, newestAvailable) && expiry > now && (nextExpiry is null || expiry < nextExpiry))
            {
                nextExpiry = expiry;
            }
        }

        Invariant.That(plan.NextExpiry == nextExpiry, "the requeue is at exactly the next expiry", context);
    }

    private static void CheckAutomaticAdmission(EffectivePolicy policy, List<BackupRecord> remaining, BackupPlan? plan, AdmissionDecision decision, Func<string> context)
    {
        if (!policy.BackupsAllowed)
        {
            Invariant.That(decision.Outcome is AdmissionOutcome.Refused or AdmissionOutcome.AlreadyExists && (decision.Outcome == AdmissionOutcome.AlreadyExists || decision.Reason == Reasons.PlanNotEligible), "Basic makes no automatic backups", context);
            return;
        }

        var counted = remaining.Count(b => b.CountsTowardCap);
        var newestAvailable = BackupPlanner.NewestAvailable(remaining);
        var evictable = remaining.Where(b => b.CountsTowardCap && b.Type == BackupType.Automatic && !b.IsProtected && !ReferenceEquals(b, newestAvailable))
            .Order(BackupRecord.OldestFirst).ToList();

        foreach (var eviction in decision.Evictions)
        {
            Invariant.That(eviction.Reason == DeletionReason.Cap, "evictions have reason Cap", context);
            var backup = remaining.SingleOrDefault(b => b.Name == eviction.BackupName);
            Invariant.That(backup is not null, "evictions name existing backups", context);
            Invariant.That(backup!.Type == BackupType.Automatic, "the cap evicts automatic backups only (manual never)", context);
            Invariant.That(!backup.IsProtected, "the cap never evicts a Creating or Restoring backup", context);
            Invariant.That(!ReferenceEquals(backup, newestAvailable), "the cap never evicts the newest Available backup", context);
            Invariant.That(plan?.Deletes(backup.Name) != true, "the cap does not evict what the plan already deletes", context);
        }

        switch (decision.Outcome)
        {
            case AdmissionOutcome.Allowed:
                Invariant.That(counted + 1 <= PolicyLimits.MaxBackupsPerDeployment && decision.Evictions.Count == 0, "allowed only below the cap", context);
                break;
            case AdmissionOutcome.AllowedAfterEvicting:
                Invariant.That(counted - decision.Evictions.Count + 1 == PolicyLimits.MaxBackupsPerDeployment, "never more than 20: evict exactly enough", context);
                Invariant.That(decision.Evictions.Select(e => e.BackupName).SequenceEqual(evictable.Take(decision.Evictions.Count).Select(b => b.Name)), "the oldest evictable automatic backups go first", context);
                break;
            case AdmissionOutcome.Refused:
                Invariant.That(decision.Reason == Reasons.LimitReached && decision.Message == Reasons.LimitReachedMessage, "a skipped run says LimitReached", context);
                Invariant.That(counted >= PolicyLimits.MaxBackupsPerDeployment && evictable.Count < counted - PolicyLimits.MaxBackupsPerDeployment + 1, "a run is skipped only when not enough automatic backups can go", context);
                Invariant.That(decision.Evictions.Count == 0, "a skipped run evicts nothing", context);
                break;
            default:
                Invariant.That(false, $"unexpected {decision.Outcome}", context);
                break;
        }
    }

    private static void CheckManualAdmission(EffectivePolicy policy, List<BackupRecord> remaining, BackupRecord candidate, AdmissionDecision decision, Func<string> context)
    {
        Invariant.That(decision.Evictions.Count == 0, "a manual request never evicts", context);
        if (!policy.BackupsAllowed)
        {
            Invariant.That(decision.Outcome == AdmissionOutcome.Refused && decision.Reason == Reasons.PlanNotEligible && decision.Message == Reasons.PlanNotEligibleMessage, "Basic refuses manual backups with PlanNotEligible", context);
            return;
        }

        var ahead = remaining.Count(b => b.CountsTowardCap && b.Name != candidate.Name && (b.Phase is not null || BackupRecord.OldestFirst.Compare(b, candidate) < 0));
        if (decision.IsAllowed)
        {
            Invariant.That(ahead + 1 <= PolicyLimits.MaxBackupsPerDeployment, "never more than 20 with an admitted manual backup", context);
        }
        else
        {
            Invariant.That(decision.Reason == Reasons.LimitReached && decision.Message == "Maximum 20 backups per deployment: delete a backup first", "a refused manual backup says LimitReached", context);
            Invariant.That(ahead >= PolicyLimits.MaxBackupsPerDeployment, "a manual backup is refused only at the cap", context);
        }
    }

    private static EffectivePolicy RandomPolicy(Random random) => Policies.Resolve(
        random.Next(10) switch { 0 => Plan.Basic, < 5 => Plan.Advanced, _ => Plan.Pro },
        retained: random.Next(2) == 0 ? random.Next(1, 21) : null,
        expireAfterDays: random.Next(2) == 0 ? random.Next(1, 91) : null);

    private static List<BackupRecord> RandomBackups(Random random, EffectivePolicy policy, DateTimeOffset now)
    {
        // A quarter of the sets crowd the cap: many young backups, so few expire.
        var crowded = random.Next(4) == 0;
        var count = crowded ? random.Next(19, 25) : random.Next(0, 27);
        var maxAgeMinutes = crowded ? Math.Min(policy.ExpireAfterDays, 30) * 24 * 60 : 120 * 24 * 60;
        var names = Enumerable.Range(0, count).Select(i => $"b{i:00}").OrderBy(_ => random.Next()).ToList();
        var backups = new List<BackupRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var created = backups.Count > 0 && random.Next(10) == 0
                ? backups[random.Next(backups.Count)].CreatedAt
                : now - TimeSpan.FromMinutes(random.Next(0, maxAgeMinutes));
            var phase = random.Next(crowded ? 90 : 100) switch
            {
                < 45 => BackupPhase.Available,
                < 62 => BackupPhase.Error,
                < 74 => BackupPhase.Creating,
                < 82 => BackupPhase.Restoring,
                < 90 => (BackupPhase?)null,
                _ => BackupPhase.Deleting,
            };
            var reason = phase == BackupPhase.Error
                ? random.Next(4) switch { 0 => Reasons.LimitReached, 1 => Reasons.Timeout, _ => Reasons.ActionErrored }
                : null;
            DateTimeOffset? expiresAt = random.Next(10) switch
            {
                < 5 => null,
                < 9 => created + TimeSpan.FromDays(policy.ExpireAfterDays),
                _ => created + TimeSpan.FromMinutes(random.Next(0, 90 * 24 * 60)),
            };
            backups.Add(new BackupRecord
            {
                Name = names[i],
                Type = random.Next(2) == 0 ? BackupType.Automatic : BackupType.Manual,
                Phase = phase,
                CreatedAt = created,
                CompletedAt = phase is BackupPhase.Available or BackupPhase.Restoring ? created + TimeSpan.FromMinutes(5) : null,
                ExpiresAt = expiresAt,
                Deleting = !crowded && random.Next(20) == 0,
                Reason = reason,
                SizeGigabytes = random.Next(100),
            });
        }

        return backups;
    }

    private static string Describe(EffectivePolicy policy, List<BackupRecord> backups, DateTimeOffset now) =>
        $"{policy.Plan} keep {policy.RetainedAutomatic} expire {policy.ExpireAfterDays}d now {now:O}; " +
        string.Join("; ", backups.Select(b => $"{b.Name} {b.Type} {b.Phase?.ToString() ?? "-"}{(b.Deleting ? " deleting" : "")} {b.CreatedAt:O} exp {b.ExpiresAt:O} {b.Reason}"));
}
