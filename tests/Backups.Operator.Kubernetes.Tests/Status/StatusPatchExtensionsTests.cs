using Backups.Operator.Kubernetes.Status;

namespace Backups.Operator.Kubernetes.Tests.Status;

public sealed class StatusPatchExtensionsTests
{
    [Fact]
    public void Equal_statuses_are_unchanged()
    {
        StatusPatchExtensions.HasChanged(new SampleStatus { Phase = "Ready", Count = 1 }, new SampleStatus { Phase = "Ready", Count = 1 })
            .Should().BeFalse();
    }

    [Fact]
    public void Any_field_difference_is_a_change()
    {
        StatusPatchExtensions.HasChanged(new SampleStatus { Phase = "Ready", Count = 1 }, new SampleStatus { Phase = "Ready", Count = 2 })
            .Should().BeTrue();
        StatusPatchExtensions.HasChanged<SampleStatus>(null, new SampleStatus()).Should().BeTrue();
        StatusPatchExtensions.HasChanged<SampleStatus>(null, null).Should().BeFalse();
    }

    public sealed class SampleStatus
    {
        public string? Phase { get; set; }

        public int Count { get; set; }
    }
}
