using Backups.Operator.Kubernetes.Controllers.Predicates;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests.Controllers.Predicates;

public sealed class PredicatesTests
{
    private readonly ResourcePredicate<V1ConfigMap> _default = Kubernetes.Controllers.Predicates.Predicates.Default<V1ConfigMap>();

    [Fact]
    public void Default_passes_creates_and_deletes()
    {
        _default.Create(Map()).Should().BeTrue();
        _default.Delete(Map()).Should().BeTrue();
    }

    [Fact]
    public void Default_passes_generation_deletion_and_finalizer_changes()
    {
        _default.Update(Map(generation: 1), Map(generation: 2)).Should().BeTrue();
        _default.Update(Map(), Map(deleting: true)).Should().BeTrue();
        _default.Update(Map(), Map(finalizers: ["x/y"])).Should().BeTrue();
    }

    [Fact]
    public void Default_drops_status_only_writes_and_resyncs()
    {
        var obj = Map(generation: 3, resourceVersion: "10");
        _default.Update(obj, Map(generation: 3, resourceVersion: "11")).Should().BeFalse();
        _default.Update(obj, obj).Should().BeFalse();
    }

    [Fact]
    public void Label_annotation_and_resource_version_predicates()
    {
        Kubernetes.Controllers.Predicates.Predicates.LabelsChanged<V1ConfigMap>().Update(Map(), Map(label: "a")).Should().BeTrue();
        Kubernetes.Controllers.Predicates.Predicates.LabelsChanged<V1ConfigMap>().Update(Map(label: "a"), Map(label: "a")).Should().BeFalse();
        Kubernetes.Controllers.Predicates.Predicates.AnnotationsChanged<V1ConfigMap>().Update(Map(), Map(label: "a")).Should().BeFalse();
        Kubernetes.Controllers.Predicates.Predicates.ResourceVersionChanged<V1ConfigMap>().Update(Map(resourceVersion: "1"), Map(resourceVersion: "2")).Should().BeTrue();
    }

    [Fact]
    public void All_requires_every_predicate()
    {
        var all = Kubernetes.Controllers.Predicates.Predicates.All(
            Kubernetes.Controllers.Predicates.Predicates.GenerationChanged<V1ConfigMap>(),
            Kubernetes.Controllers.Predicates.Predicates.LabelsChanged<V1ConfigMap>());

        all.Update(Map(generation: 1), Map(generation: 2)).Should().BeFalse();
        all.Update(Map(generation: 1), Map(generation: 2, label: "x")).Should().BeTrue();
    }

    private static V1ConfigMap Map(long? generation = null, bool deleting = false, string[]? finalizers = null, string? resourceVersion = null, string? label = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "m",
            NamespaceProperty = "ns",
            Generation = generation,
            DeletionTimestamp = deleting ? new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) : null,
            Finalizers = finalizers,
            ResourceVersion = resourceVersion,
            Labels = label is null ? null : new Dictionary<string, string> { ["l"] = label },
        },
    };
}
