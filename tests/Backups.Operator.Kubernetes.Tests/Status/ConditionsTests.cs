using Backups.Operator.Kubernetes.Status;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Backups.Operator.Kubernetes.Tests.Status;

public sealed class ConditionsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public void A_new_condition_is_appended_with_now_as_transition_time()
    {
        var conditions = new List<V1Condition>();

        var changed = Conditions.SetStatusCondition(conditions, Ready("True", "Done"), _time);

        changed.Should().BeTrue();
        conditions.Should().ContainSingle().Which.LastTransitionTime.Should().Be(Start.UtcDateTime);
    }

    [Fact]
    public void The_transition_time_changes_only_when_the_status_changes()
    {
        var conditions = new List<V1Condition>();
        Conditions.SetStatusCondition(conditions, Ready("False", "Pending"), _time);

        _time.Advance(TimeSpan.FromMinutes(1));
        Conditions.SetStatusCondition(conditions, Ready("False", "StillPending", "message"), _time).Should().BeTrue();
        conditions[0].LastTransitionTime.Should().Be(Start.UtcDateTime);
        conditions[0].Reason.Should().Be("StillPending");
        conditions[0].Message.Should().Be("message");

        _time.Advance(TimeSpan.FromMinutes(1));
        Conditions.SetStatusCondition(conditions, Ready("True", "Done"), _time).Should().BeTrue();
        conditions[0].LastTransitionTime.Should().Be(Start.AddMinutes(2).UtcDateTime);
        conditions[0].Status.Should().Be("True");
    }

    [Fact]
    public void Setting_the_same_condition_again_reports_no_change()
    {
        var conditions = new List<V1Condition>();
        Conditions.SetStatusCondition(conditions, Ready("True", "Done", generation: 3), _time);
        _time.Advance(TimeSpan.FromMinutes(5));

        Conditions.SetStatusCondition(conditions, Ready("True", "Done", generation: 3), _time).Should().BeFalse();
        conditions[0].LastTransitionTime.Should().Be(Start.UtcDateTime);
    }

    [Fact]
    public void ObservedGeneration_is_updated()
    {
        var conditions = new List<V1Condition>();
        Conditions.SetStatusCondition(conditions, Ready("True", "Done", generation: 1), _time);

        Conditions.SetStatusCondition(conditions, Ready("True", "Done", generation: 2), _time).Should().BeTrue();

        conditions[0].ObservedGeneration.Should().Be(2);
    }

    [Fact]
    public void Find_remove_and_status_queries()
    {
        var conditions = new List<V1Condition>();
        Conditions.SetStatusCondition(conditions, Ready("True", "Done"), _time);
        Conditions.SetStatusCondition(conditions, new V1Condition { Type = "Degraded", Status = "False", Reason = "Fine" }, _time);

        Conditions.IsStatusConditionTrue(conditions, "Ready").Should().BeTrue();
        Conditions.IsStatusConditionFalse(conditions, "Degraded").Should().BeTrue();
        Conditions.IsStatusConditionTrue(conditions, "Missing").Should().BeFalse();
        Conditions.FindStatusCondition(conditions, "Degraded")!.Reason.Should().Be("Fine");

        Conditions.RemoveStatusCondition(conditions, "Ready").Should().BeTrue();
        Conditions.RemoveStatusCondition(conditions, "Ready").Should().BeFalse();
        conditions.Should().ContainSingle();
    }

    [Fact]
    public void Works_with_a_plain_class_using_nullable_times_and_generations()
    {
        var conditions = new List<PlainCondition>();
        Conditions.SetStatusCondition(conditions, new PlainCondition { Type = "Ready", Status = "False", Reason = "Wait" }, _time);
        _time.Advance(TimeSpan.FromSeconds(90.5));

        Conditions.SetStatusCondition(conditions, new PlainCondition { Type = "Ready", Status = "True", Reason = "Ok", ObservedGeneration = 4 }, _time)
            .Should().BeTrue();

        conditions[0].LastTransitionTime.Should().Be(Start.AddSeconds(90), "metav1.Time has second precision");
        conditions[0].ObservedGeneration.Should().Be(4);
    }

    [Fact]
    public void Works_with_string_timestamps()
    {
        var conditions = new List<StringTimeCondition>();

        Conditions.SetStatusCondition(conditions, new StringTimeCondition { Type = "Ready", Status = "True", Reason = "Ok" }, _time);

        conditions[0].LastTransitionTime.Should().Be("2026-03-01T10:00:00Z");
    }

    [Fact]
    public void A_class_without_the_fields_is_rejected_with_a_clear_message()
    {
        var act = () => Conditions.SetStatusCondition(new List<NotACondition>(), new NotACondition(), _time);

        act.Should().Throw<InvalidOperationException>().WithMessage("*Status*");
    }

    private static V1Condition Ready(string status, string reason, string message = "", long? generation = null) =>
        new() { Type = "Ready", Status = status, Reason = reason, Message = message, ObservedGeneration = generation };

    public sealed class PlainCondition
    {
        public string Type { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string? Reason { get; set; }

        public string? Message { get; set; }

        public DateTimeOffset? LastTransitionTime { get; set; }

        public long? ObservedGeneration { get; set; }
    }

    public sealed class StringTimeCondition
    {
        public string Type { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public string? Reason { get; set; }

        public string? Message { get; set; }

        public string? LastTransitionTime { get; set; }
    }

    public sealed class NotACondition
    {
        public string Type { get; set; } = "x";
    }
}
