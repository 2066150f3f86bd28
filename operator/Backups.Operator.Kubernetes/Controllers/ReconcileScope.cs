using System.Collections;
using Backups.Operator.Kubernetes.Resources;

namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>The logging scope of one reconcile: controller, namespace, name and a reconcile id.</summary>
internal sealed class ReconcileScope(string controller, ObjectKey key, string reconcileId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 4;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("controller", controller),
        1 => new("namespace", key.Namespace),
        2 => new("name", key.Name),
        3 => new("reconcileID", reconcileId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"controller={controller} object={key} reconcileID={reconcileId}";
}
