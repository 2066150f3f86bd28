namespace Backups.Operator.DigitalOcean.Results;

/// <summary>The DigitalOcean error (<c>{"id","message","request_id"}</c>) or a description of a transport failure.
/// Never contains the token.</summary>
/// <param name="StatusCode">The HTTP status, or null when no response arrived.</param>
/// <param name="Id">DigitalOcean's short error id (for example <c>not_found</c>); compare case-insensitively if at all.</param>
public sealed record DoError(int? StatusCode, string? Id, string Message, string? RequestId)
{
    /// <summary>422 "creating this/these droplet(s) will exceed your droplet limit": the account has no room for another droplet.</summary>
    public bool IsDropletLimit => StatusCode == 422 && Message.Contains("droplet limit", StringComparison.OrdinalIgnoreCase);

    public override string ToString() => StatusCode is { } code ? $"{code} {Id}: {Message}" : Message;
}
