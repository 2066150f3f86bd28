namespace Backups.Operator.Kubernetes.Controllers;

/// <summary>A running controller as health checks and measurements see it.</summary>
public interface IControllerStatus
{
    string Name { get; }

    /// <summary>True while the controller's loop runs (leading or waiting for leadership).</summary>
    bool IsRunning { get; }

    /// <summary>Reconciles completed so far (any result).</summary>
    long Reconciles { get; }
}
