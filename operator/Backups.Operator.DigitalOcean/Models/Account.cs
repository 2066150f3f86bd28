namespace Backups.Operator.DigitalOcean.Models;

/// <summary>The account behind a token (<c>GET /v2/account</c>).</summary>
public sealed record Account(string? Uuid, string? Email, string? Status, int DropletLimit);
