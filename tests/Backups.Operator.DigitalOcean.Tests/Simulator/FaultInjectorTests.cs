using Backups.Operator.Simulator.Faults;

namespace Backups.Operator.DigitalOcean.Tests.Simulator;

public sealed class FaultInjectorTests
{
    [Fact]
    public void A_counted_rule_hits_that_many_times_then_goes()
    {
        var faults = new FaultInjector(1);
        faults.Add(new FaultRule { Operation = "get_action", Kind = FaultKind.HttpError, Count = 2 });

        faults.Match("get_action", null).Should().NotBeNull();
        faults.List().Single().Count.Should().Be(1);
        faults.Match("get_action", null).Should().NotBeNull();
        faults.Match("get_action", null).Should().BeNull();
        faults.List().Should().BeEmpty();
    }

    [Fact]
    public void Rules_filter_by_operation_and_droplet()
    {
        var faults = new FaultInjector(1);
        faults.Add(new FaultRule { Operation = "get_droplet", Kind = FaultKind.Slow, DropletId = 5 });

        faults.Match("get_action", 5).Should().BeNull();
        faults.Match("get_droplet", 6).Should().BeNull();
        faults.Match("get_droplet", 5)!.Kind.Should().Be(FaultKind.Slow);
        faults.Match("get_droplet", 5).Should().NotBeNull("no count: it stays until removed");
    }

    [Fact]
    public void Errored_action_applies_only_to_requests_that_create_actions()
    {
        var faults = new FaultInjector(1);
        faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.ErroredAction, Count = 1 });

        faults.Match("get_droplet", 1).Should().BeNull();
        faults.Match("rebuild_droplet", 1)!.Kind.Should().Be(FaultKind.ErroredAction);
    }

    [Fact]
    public void A_probability_hits_about_that_share_of_requests()
    {
        var faults = new FaultInjector(42);
        faults.Add(new FaultRule { Operation = "*", Kind = FaultKind.HttpError, Probability = 0.25 });

        var hits = Enumerable.Range(0, 4000).Count(_ => faults.Match("get_action", null) is not null);

        hits.Should().BeInRange(800, 1200);
    }

    [Theory]
    [InlineData(0, 1.0, 500)]
    [InlineData(null, 0.0, 500)]
    [InlineData(null, 1.5, 500)]
    [InlineData(null, 1.0, 404)]
    public void Nonsense_rules_are_rejected(int? count, double probability, int status)
    {
        var faults = new FaultInjector();

        var add = () => faults.Add(new FaultRule { Kind = FaultKind.HttpError, Count = count, Probability = probability, StatusCode = status });

        add.Should().Throw<ArgumentException>();
    }
}
