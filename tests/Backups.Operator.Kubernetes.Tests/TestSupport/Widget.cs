using Backups.Operator.Kubernetes.Resources;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Tests;

[KubernetesEntity(Group = "test.example.dev", ApiVersion = "v1", Kind = "Widget", PluralName = "widgets")]
public sealed class Widget : CustomResource<WidgetSpec, WidgetStatus>
{
}

public sealed class WidgetSpec
{
    public int Size { get; set; }
}

public sealed class WidgetStatus
{
    public long? ObservedGeneration { get; set; }

    public int Reconciles { get; set; }

    public List<V1Condition> Conditions { get; set; } = [];
}
