using Backups.Operator.Controllers.Policies;

namespace Backups.Operator.Tests.Policies;

/// <summary>The slots of the policies' periodic checks (<see cref="PolicyCheckMemory"/>; docs/design.md, "Snapshot checks").</summary>
public sealed class PolicyCheckScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);
    private static readonly DateTimeOffset Now = new(2026, 1, 5, 3, 17, 0, TimeSpan.Zero);

    [Fact]
    public void A_policys_slots_are_one_interval_apart_at_its_own_offset_whatever_the_starting_point()
    {
        var slot = PolicyCheckMemory.NextSlot("uid-a", Now, Interval);

        slot.Should().BeOnOrAfter(Now).And.BeBefore(Now + Interval);
        PolicyCheckMemory.NextSlot("uid-a", slot, Interval).Should().Be(slot);
        PolicyCheckMemory.NextSlot("uid-a", slot + TimeSpan.FromTicks(1), Interval).Should().Be(slot + Interval);
        PolicyCheckMemory.NextSlot("uid-a", Now + TimeSpan.FromMinutes(1), Interval).Should().BeOneOf(slot, slot + Interval);
    }

    [Fact]
    public void After_a_restart_a_policy_checked_recently_waits_for_its_next_slot_at_least_half_an_interval_after_that_check()
    {
        var checkedAt = Now - TimeSpan.FromMinutes(10);

        var first = PolicyCheckMemory.FirstCheckAfterStart("uid-a", checkedAt, Now, Interval);

        first.Should().Be(PolicyCheckMemory.NextAfterCheck("uid-a", checkedAt, Interval), "a restart changes nothing in the policy's schedule");
        (first - checkedAt).Should().BeGreaterThanOrEqualTo(Interval / 2).And.BeLessThan(Interval * 1.5);
    }

    [Fact]
    public void After_a_restart_a_policy_not_checked_for_long_is_checked_at_its_slot_within_one_interval_not_at_once()
    {
        var longAgo = Now - TimeSpan.FromDays(2);

        var slots = Enumerable.Range(0, 6000).Select(i => PolicyCheckMemory.FirstCheckAfterStart($"policy-{i}", i % 2 == 0 ? longAgo : null, Now, Interval)).ToList();

        slots.Should().OnlyContain(s => s >= Now && s < Now + Interval);
        var perHour = slots.GroupBy(s => (int)((s - Now).TotalHours)).Select(g => g.Count()).ToList();
        perHour.Should().HaveCount(6);
        perHour.Should().OnlyContain(n => n > 800 && n < 1200, "6,000 policies spread over 6 hours are about 1,000 an hour");
    }
}
