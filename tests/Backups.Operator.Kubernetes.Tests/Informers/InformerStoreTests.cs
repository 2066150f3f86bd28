using Backups.Operator.Kubernetes.Informers;
using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests.Informers;

public sealed class InformerStoreTests
{
    [Fact]
    public void Get_and_List_by_namespace()
    {
        var store = new InformerStore<V1ConfigMap>();
        store.Upsert(Map("a", "one"));
        store.Upsert(Map("a", "two"));
        store.Upsert(Map("b", "one"));

        store.Count.Should().Be(3);
        store.Get("a", "two")!.Metadata.Name.Should().Be("two");
        store.Get(new ObjectKey("b", "one")).Should().NotBeNull();
        store.Get("b", "two").Should().BeNull();
        store.List("a").Select(m => m.Metadata.Name).Should().BeEquivalentTo("one", "two");
        store.List().Should().HaveCount(3);
    }

    [Fact]
    public void Indexes_follow_updates_and_removals()
    {
        var store = new InformerStore<V1ConfigMap>();
        store.AddIndex("byOwner", m => m.Metadata.Labels?.TryGetValue("owner", out var o) == true ? [$"{m.Metadata.NamespaceProperty}/{o}"] : []);
        store.Upsert(Map("a", "one", owner: "p1"));
        store.Upsert(Map("a", "two", owner: "p1"));
        store.Upsert(Map("a", "three", owner: "p2"));

        store.ByIndex("byOwner", "a/p1").Select(m => m.Metadata.Name).Should().BeEquivalentTo("one", "two");

        store.Upsert(Map("a", "two", owner: "p2"));
        store.ByIndex("byOwner", "a/p1").Select(m => m.Metadata.Name).Should().Equal("one");
        store.ByIndex("byOwner", "a/p2").Select(m => m.Metadata.Name).Should().BeEquivalentTo("two", "three");

        store.Remove(new ObjectKey("a", "one"));
        store.ByIndex("byOwner", "a/p1").Should().BeEmpty();
    }

    [Fact]
    public void An_index_added_later_covers_existing_objects()
    {
        var store = new InformerStore<V1ConfigMap>();
        store.Upsert(Map("a", "one", owner: "p1"));

        store.AddIndex("byOwner", m => [m.Metadata.Labels!["owner"]]);

        store.ByIndex("byOwner", "p1").Should().ContainSingle();
        var unknown = () => store.ByIndex("nope", "p1");
        unknown.Should().Throw<InvalidOperationException>();
        var duplicate = () => store.AddIndex("byOwner", _ => []);
        duplicate.Should().Throw<InvalidOperationException>();
    }

    private static V1ConfigMap Map(string ns, string name, string? owner = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            NamespaceProperty = ns,
            Name = name,
            Labels = owner is null ? null : new Dictionary<string, string> { ["owner"] = owner },
        },
    };
}
