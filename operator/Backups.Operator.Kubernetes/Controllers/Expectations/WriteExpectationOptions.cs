using System.ComponentModel.DataAnnotations;

namespace Backups.Operator.Kubernetes.Controllers.Expectations;

/// <summary>How long a reconcile may wait for the cache to show the operator's own write (docs/kubernetes-runtime.md, "Own writes and the cache").</summary>
public sealed class WriteExpectationOptions
{
    /// <summary>
    /// A reconcile held back because the cache has not delivered the operator's own last write of the object runs anyway
    /// after this long (a safety net: normally the watch event arrives within milliseconds).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
