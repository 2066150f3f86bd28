using Backups.Operator.Api;
using Backups.Operator.Rules.Cost;
using Backups.Operator.Rules.Inventory;
using static Backups.Operator.Rules.Tests.TestSupport.Records;

namespace Backups.Operator.Rules.Tests.Cost;

public sealed class CostEstimatorTests
{
    [Theory]
    [InlineData(50.0, 0.06, 3.00)]
    [InlineData(50.0, 0.05, 2.50)]
    [InlineData(1.5, 0.06, 0.09)]
    [InlineData(0.25, 0.06, 0.02)]
    [InlineData(0.0, 0.06, 0.0)]
    [InlineData(-3.0, 0.06, 0.0)]
    [InlineData(100.0, 0.0, 0.0)]
    public void One_snapshot_costs_size_times_price(double size, double price, double expected)
    {
        CostEstimator.SnapshotMonthlyCost(size, new SnapshotPrice(price)).Should().Be(expected);
    }

    [Fact]
    public void The_default_price_is_digitaloceans_list_price()
    {
        SnapshotPrice.Default.PerGigabyteMonth.Should().Be(0.06);
        default(SnapshotPrice).PerGigabyteMonth.Should().Be(0);
        CostEstimator.SnapshotMonthlyCost(null, SnapshotPrice.Default).Should().Be(0);
        CostEstimator.SnapshotMonthlyCost(double.NaN, SnapshotPrice.Default).Should().Be(0);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_price_must_be_finite_and_not_negative(double price)
    {
        FluentActions.Invoking(() => new SnapshotPrice(price)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_policy_costs_the_sum_of_its_snapshots_that_are_not_being_deleted()
    {
        var backups = new List<BackupRecord>
        {
            Auto("a", 1) with { SizeGigabytes = 25.5 },
            Manual("m", 2) with { SizeGigabytes = 40 },
            Auto("creating", 0, BackupPhase.Creating),
            Manual("going", 3) with { SizeGigabytes = 100, Deleting = true },
            Manual("error", 3, BackupPhase.Error) with { SizeGigabytes = 10 },
        };

        CostEstimator.MonthlyCost(backups, SnapshotPrice.Default).Should().Be(4.53, "(25.5 + 40 + 10) x 0.06 = 4.53");
        CostEstimator.MonthlyCost(backups, new SnapshotPrice(0.05)).Should().Be(3.78, "75.5 x 0.05 = 3.775, rounded half away from zero");
        CostEstimator.MonthlyCost([], SnapshotPrice.Default).Should().Be(0);
    }
}
