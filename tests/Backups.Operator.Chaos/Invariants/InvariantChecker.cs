namespace Backups.Operator.Chaos.Invariants;

/// <summary>
/// The kill campaign's invariants (docs/chaos.md), checked against the simulator's ground truth and the cluster's end state:
/// at most one accepted snapshot POST per snapshot name (one name per Backup uid, so per Backup), no operator snapshot left
/// once the policies are gone, every Backup settled Available or Error and every restore Succeeded or Failed, nothing left
/// behind by the deletion, and no foreign snapshot deleted, rebuilt from or lost.
/// </summary>
public static class InvariantChecker
{
    public static IReadOnlyList<Violation> Check(ObservedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var violations = new List<Violation>();

        foreach (var group in state.Ledger
                     .Where(e => e.Kind == Testing.Simulator.LedgerEntry.SnapshotPost && e.Accepted && IsOperators(state, e.SnapshotName))
                     .GroupBy(e => e.SnapshotName!)
                     .Where(g => g.Count() > 1))
        {
            var posts = group.OrderBy(e => e.Sequence).ToList();
            violations.Add(new Violation(Violation.DuplicatePost,
                $"{posts.Count} snapshot POSTs named {group.Key} (actions {string.Join(", ", posts.Select(p => p.ActionId))})",
                KillPointBefore(state, posts[1].Time)));
        }

        violations.AddRange(state.SnapshotsLeft.Where(name => IsOperators(state, name))
            .Select(name => new Violation(Violation.Orphan, $"snapshot {name} still exists", null)));

        violations.AddRange(state.SettledBackups.Where(b => b.Phase is not ("Available" or "Error"))
            .Select(b => new Violation(Violation.BackupNotSettled, $"Backup {b.Name} is {b.Phase ?? "without a phase"} ({b.Reason})", null)));

        violations.AddRange(state.SettledRestores.Where(r => r.Phase is not ("Succeeded" or "Failed"))
            .Select(r => new Violation(Violation.RestoreNotSettled, $"BackupRestore {r.Name} is {r.Phase ?? "without a phase"} ({r.Reason})", null)));

        violations.AddRange(state.ObjectsLeft.Select(o => new Violation(Violation.NotDeleted, $"{o} is still there", null)));

        foreach (var foreign in state.ForeignSnapshots)
        {
            foreach (var touch in state.Ledger.Where(e => e.Kind != Testing.Simulator.LedgerEntry.SnapshotPost
                                                          && (e.SnapshotName == foreign.Name || (foreign.SnapshotId is { } id && e.SnapshotId == id))))
            {
                violations.Add(new Violation(Violation.ForeignTouched, $"{touch.Kind} of foreign snapshot {foreign.Name}", KillPointBefore(state, touch.Time)));
            }

            if (!state.SnapshotsLeft.Contains(foreign.Name))
            {
                violations.Add(new Violation(Violation.ForeignTouched, $"foreign snapshot {foreign.Name} is gone", null));
            }
        }

        return violations;
    }

    private static bool IsOperators(ObservedState state, string? snapshotName) =>
        snapshotName is not null && snapshotName.StartsWith(state.OperatorSnapshotPrefix, StringComparison.Ordinal);

    private static int? KillPointBefore(ObservedState state, DateTimeOffset time) =>
        state.KillPoints.LastOrDefault(k => k.Time <= time) is { Number: > 0 } point ? point.Number : null;
}
