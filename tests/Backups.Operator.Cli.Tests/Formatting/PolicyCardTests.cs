using Backups.Operator.Api;
using Backups.Operator.Cli.Formatting;
using Backups.Operator.Cli.Tests.TestSupport;

namespace Backups.Operator.Cli.Tests.Formatting;

public sealed class PolicyCardTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static string Line(PolicyCard card, string label) => card.Lines.Single(l => l.Label == label).Value;

    [Fact]
    public void A_pro_card_shows_plan_schedule_in_utc_and_in_the_zone_next_and_last_backup_counts_size_cost_and_headroom()
    {
        var api = new FakeBackupsApi();
        var policy = api.AddPolicy("shop", 3164444, Plan.Pro);
        policy.Spec.TimeZone = "Europe/Berlin";
        api.AddBackup("shop-1", "shop", BackupPhase.Available, size: 10);
        api.AddBackup("shop-20261202-0200", "shop", BackupPhase.Available, type: BackupType.Automatic, created: Now.AddHours(-10), size: 5);
        api.AddBackup("shop-2", "shop", BackupPhase.Creating, created: Now.AddMinutes(-1));
        api.AddBackup("shop-3", "shop", BackupPhase.Error, reason: Reasons.LimitReached, message: Reasons.LimitReachedMessage);

        var card = PolicyCard.Of(policy, api.Backups, Now);

        Line(card, "Plan").Should().Be("Pro (7 automatic backups kept, each expires after 90 days)");
        Line(card, "Schedule").Should().Be("0 3 * * * in Europe/Berlin");
        Line(card, "Next backup").Should().Be("2026-12-03 02:00 UTC = 2026-12-03 03:00 Europe/Berlin (+01:00) (in 14h)");
        Line(card, "Last backup").Should().Be("shop-20261202-0200, 2026-12-02 02:04 UTC (9h ago)");
        Line(card, "Backups").Should().Be("2 available, 1 creating, 1 error (1 automatic, 3 manual)");
        Line(card, "Size").Should().Be("15.00 GB, about $0.90 a month");
        Line(card, "Limit").Should().Be("3 of 20 used, 17 left", "the refused LimitReached request holds no slot");
    }

    [Fact]
    public void A_basic_card_shows_the_upgrade_message_and_no_schedule()
    {
        var api = new FakeBackupsApi();
        var card = PolicyCard.Of(api.AddPolicy("blog", 3164445, Plan.Basic), [], Now);

        Line(card, "Plan").Should().Be("Basic (no backups)");
        card.Lines.Should().Contain(new CardLine("Backups", Reasons.PlanNotEligibleMessage, Warning: true));
        card.Lines.Should().NotContain(l => l.Label == "Schedule" || l.Label == "Next backup");
    }

    [Fact]
    public void At_the_cap_the_headroom_line_is_a_warning_with_the_product_message()
    {
        PolicyCard.HeadroomLine(20).Should().Be(new CardLine("Limit", $"20 of 20 used: {Reasons.LimitReachedMessage}", Warning: true));
        PolicyCard.HeadroomLine(19).Value.Should().Be("19 of 20 used, 1 left");
    }

    [Fact]
    public void The_status_next_backup_time_wins_over_the_computed_one()
    {
        var api = new FakeBackupsApi();
        var policy = api.AddPolicy("shop", 3164444, Plan.Advanced);
        policy.Status = new BackupPolicyStatus { NextBackupTime = new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero), EstimatedMonthlyCost = 1.23 };

        var card = PolicyCard.Of(policy, [], Now);

        Line(card, "Next backup").Should().Be("2026-12-06 03:00 UTC (in 3d)");
        Line(card, "Size").Should().Be("0.00 GB, about $1.23 a month");
    }
}
