using Backups.Operator.Kubernetes.Status;

namespace Backups.Operator.Kubernetes.Tests.Status;

public sealed class StatusMergePatchTests
{
    [Fact]
    public void A_field_the_desired_status_no_longer_has_is_sent_as_an_explicit_null()
    {
        var patch = StatusMergePatch.Between(
            new SampleStatus { Phase = "Ready", Next = "2026-01-05T03:00:00Z", Count = 1 },
            new SampleStatus { Phase = "Ready", Count = 1 });

        patch!.ToJsonString().Should().Be("""{"next":null}""");
    }

    [Fact]
    public void Nested_objects_are_diffed_so_a_removed_nested_field_is_removed_too()
    {
        var patch = StatusMergePatch.Between(
            new SampleStatus { Inner = new InnerStatus { A = "a", B = "b" } },
            new SampleStatus { Inner = new InnerStatus { A = "a" } });

        patch!.ToJsonString().Should().Be("""{"inner":{"b":null}}""");
    }

    [Fact]
    public void Equal_statuses_give_no_patch_and_changed_fields_only_are_sent()
    {
        StatusMergePatch.Between(new SampleStatus { Phase = "Ready", Count = 1 }, new SampleStatus { Phase = "Ready", Count = 1 }).Should().BeNull();
        StatusMergePatch.Between<SampleStatus>(null, null).Should().BeNull();
        StatusMergePatch.Between(new SampleStatus { Phase = "Ready", Count = 1 }, new SampleStatus { Phase = "Done", Count = 1 })!
            .ToJsonString().Should().Be("""{"phase":"Done"}""");
        StatusMergePatch.Between(null, new SampleStatus { Phase = "New" })!.ToJsonString().Should().Be("""{"phase":"New","count":0}""");
    }

    [Fact]
    public void Copy_is_deep()
    {
        var original = new SampleStatus { Inner = new InnerStatus { A = "a" } };
        var copy = StatusMergePatch.Copy(original);
        copy.Inner!.A = "changed";
        original.Inner!.A.Should().Be("a");
        StatusMergePatch.Copy<SampleStatus>(null).Should().NotBeNull();
    }

    public sealed class SampleStatus
    {
        public string? Phase { get; set; }

        public string? Next { get; set; }

        public int Count { get; set; }

        public InnerStatus? Inner { get; set; }
    }

    public sealed class InnerStatus
    {
        public string? A { get; set; }

        public string? B { get; set; }
    }
}
