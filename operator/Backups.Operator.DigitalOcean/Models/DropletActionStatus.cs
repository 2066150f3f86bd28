namespace Backups.Operator.DigitalOcean.Models;

/// <summary>The wire values of <see cref="DropletAction.Status"/>.</summary>
public static class DropletActionStatus
{
    public const string InProgress = "in-progress";
    public const string Completed = "completed";
    public const string Errored = "errored";
}
