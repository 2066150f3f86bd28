namespace Backups.Operator.Rules.Plans;

/// <summary>One field of a BackupPolicy spec that the rules cannot run on.</summary>
/// <param name="Field">The JSON path of the field, e.g. <c>spec.schedule</c>.</param>
/// <param name="Message">What is wrong and what is expected, for a condition message or an event.</param>
public sealed record PolicyValidationError(string Field, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Message}";
}
