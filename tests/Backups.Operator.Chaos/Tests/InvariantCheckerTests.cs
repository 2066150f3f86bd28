using Backups.Operator.Chaos.Invariants;
using Backups.Operator.Testing.Simulator;

namespace Backups.Operator.Chaos.Tests;

/// <summary>The invariants flag what they must: a second POST of one snapshot name (tied to the kill before it), an orphan,
/// an unsettled object, a leftover, and any touch of a foreign snapshot.</summary>
public sealed class InvariantCheckerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Entry(int sequence, int second, string kind, string name, long? actionId = 1, long? snapshotId = null, int status = 201) =>
        new(sequence, Start.AddSeconds(second), kind, "uuid", 7, name, snapshotId, actionId, status);

    private static ObservedState Clean() => new()
    {
        OperatorSnapshotPrefix = "chaos-",
        Ledger = [Entry(1, 1, LedgerEntry.SnapshotPost, "chaos-a-1234"), Entry(2, 3, LedgerEntry.SnapshotPost, "chaos-b-5678", actionId: null, status: 422),
            Entry(3, 4, LedgerEntry.SnapshotPost, "chaos-b-5678"), Entry(4, 9, LedgerEntry.SnapshotDelete, "chaos-a-1234", null, 11, 204)],
        SettledBackups = [new ObservedObject("a", "Available", null), new ObservedObject("b", "Error", "LimitReached")],
        SettledRestores = [new ObservedObject("r", "Succeeded", null), new ObservedObject("s", "Failed", "NotOwner")],
        SnapshotsLeft = ["foreign-1"],
        ObjectsLeft = [],
        ForeignSnapshots = [new ForeignSnapshot("foreign-1", 5)],
        KillPoints = [(1, Start.AddSeconds(2)), (2, Start.AddSeconds(5))],
    };

    [Fact]
    public void A_clean_run_has_no_violation_even_with_a_refused_retry() => InvariantChecker.Check(Clean()).Should().BeEmpty();

    [Fact]
    public void A_second_accepted_post_of_one_name_is_a_violation_of_the_kill_before_it()
    {
        var state = Clean() with { Ledger = [.. Clean().Ledger, Entry(5, 6, LedgerEntry.SnapshotPost, "chaos-a-1234", actionId: 9)] };

        InvariantChecker.Check(state).Should().ContainSingle()
            .Which.Should().Match<Violation>(v => v.Invariant == Violation.DuplicatePost && v.KillPoint == 2 && v.Detail.Contains("chaos-a-1234"));
    }

    [Fact]
    public void An_operator_snapshot_left_behind_is_an_orphan() =>
        InvariantChecker.Check(Clean() with { SnapshotsLeft = ["foreign-1", "chaos-b-5678"] })
            .Should().ContainSingle().Which.Invariant.Should().Be(Violation.Orphan);

    [Fact]
    public void A_backup_still_creating_or_a_restore_still_running_is_a_violation()
    {
        var state = Clean() with
        {
            SettledBackups = [new ObservedObject("a", "Creating", null)],
            SettledRestores = [new ObservedObject("r", "Restoring", null), new ObservedObject("s", null, null)],
        };

        InvariantChecker.Check(state).Select(v => v.Invariant).Should()
            .Equal(Violation.BackupNotSettled, Violation.RestoreNotSettled, Violation.RestoreNotSettled);
    }

    [Fact]
    public void An_object_left_after_deleting_the_policies_is_a_violation() =>
        InvariantChecker.Check(Clean() with { ObjectsLeft = ["backups/a (Deleting)"] }).Should().ContainSingle().Which.Invariant.Should().Be(Violation.NotDeleted);

    [Fact]
    public void Deleting_or_rebuilding_from_a_foreign_snapshot_is_a_violation()
    {
        var state = Clean() with
        {
            Ledger = [.. Clean().Ledger, Entry(5, 6, LedgerEntry.RebuildPost, "foreign-1", 3, 5), Entry(6, 7, LedgerEntry.SnapshotDelete, "foreign-1", null, 5, 204)],
            SnapshotsLeft = [],
        };

        InvariantChecker.Check(state).Should().HaveCount(3).And.OnlyContain(v => v.Invariant == Violation.ForeignTouched);
    }
}
