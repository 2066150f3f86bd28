namespace Backups.Operator.ApiServer.Semantics;

/// <summary>How a write treats fields the schema does not know (the <c>fieldValidation</c> query parameter).</summary>
internal enum FieldValidation
{
    Warn,
    Strict,
    Ignore,
}

internal enum Subresource
{
    None,
    Status,
    Finalize,
}

internal enum PatchKind
{
    Merge,
    StrategicMerge,
    Json,
}

/// <summary>Per-request write settings and the warnings collected for the <c>Warning</c> response header.</summary>
internal sealed class WriteOptions
{
    public FieldValidation FieldValidation { get; init; } = FieldValidation.Warn;

    public bool DryRun { get; init; }

    public List<string> Warnings { get; } = [];

    public static WriteOptions System() => new() { FieldValidation = FieldValidation.Ignore };
}

/// <summary>The options of a DELETE: propagation and preconditions.</summary>
internal sealed record DeleteRequest(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun)
{
    public static DeleteRequest Background { get; } = new("Background", null, null, false);
}
