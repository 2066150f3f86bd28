using k8s;
using k8s.Models;

namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>
/// Level-triggered reconcile logic of one kind. Called by at most one worker per key at a time; events that arrive during
/// a reconcile coalesce into one follow-up call. Throw <see cref="TerminalException"/> for errors that retrying cannot fix;
/// any other exception is retried with per-key exponential backoff.
/// </summary>
public interface IReconciler<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    Task<ReconcileResult> ReconcileAsync(ReconcileRequest<T> request, CancellationToken cancellationToken);
}
