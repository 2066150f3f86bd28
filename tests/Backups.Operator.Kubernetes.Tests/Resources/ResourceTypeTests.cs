using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests.Resources;

public sealed class ResourceTypeTests
{
    [Fact]
    public void Reads_the_KubernetesEntity_attribute_of_custom_and_built_in_kinds()
    {
        ResourceType.Of<Widget>().Should().Be(new ResourceType("test.example.dev", "v1", "Widget", "widgets"));
        ResourceType.Of<Widget>().ApiVersionString.Should().Be("test.example.dev/v1");
        ResourceType.Of<V1Secret>().Should().Be(new ResourceType(string.Empty, "v1", "Secret", "secrets"));
        ResourceType.Of<V1Secret>().ApiVersionString.Should().Be("v1");
        ResourceType.Of<V1Lease>().Group.Should().Be("coordination.k8s.io");
    }

    [Fact]
    public void A_custom_resource_gets_its_apiVersion_and_kind_on_construction()
    {
        var widget = new Widget();

        widget.ApiVersion.Should().Be("test.example.dev/v1");
        widget.Kind.Should().Be("Widget");
        widget.Spec.Should().NotBeNull();
    }

    [Fact]
    public void A_type_without_the_attribute_is_rejected()
    {
        var act = () => ResourceType.Of<string>();

        act.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void ObjectKey_parses_and_prints()
    {
        ObjectKey.Parse("ns/name").Should().Be(new ObjectKey("ns", "name"));
        ObjectKey.Parse("name").Should().Be(new ObjectKey(null, "name"));
        new ObjectKey("ns", "name").ToString().Should().Be("ns/name");
        ObjectKey.From(new V1Secret { Metadata = new V1ObjectMeta { Name = "n", NamespaceProperty = "" } }).Should().Be(new ObjectKey(null, "n"));
    }

    [Fact]
    public void DeepClone_copies()
    {
        var widget = new Widget { Metadata = { Name = "w" }, Spec = { Size = 3 } };

        var copy = widget.DeepClone();
        copy.Spec.Size = 4;

        copy.Metadata.Name.Should().Be("w");
        widget.Spec.Size.Should().Be(3);
    }
}
