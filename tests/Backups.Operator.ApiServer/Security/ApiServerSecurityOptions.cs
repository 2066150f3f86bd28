namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// Turns on what a real cluster enforces: HTTPS with a generated serving certificate, bearer-token authentication
/// (static tokens and service account tokens from the TokenRequest API) and RBAC authorization. Null on
/// <c>LocalApiServerOptions.Security</c> keeps the open plain-http server.
/// </summary>
public sealed class ApiServerSecurityOptions
{
    /// <summary>Static users (kube-apiserver's <c>--token-auth-file</c>). When none is in <c>system:masters</c>, an
    /// <c>admin</c> user with a random token is added for the kubeconfig.</summary>
    public IReadOnlyList<StaticToken> StaticTokens { get; init; } = [];

    /// <summary>A JSON-lines audit log of every request (user, verb, resource, decision, response code); null: none.</summary>
    public string? AuditLogPath { get; init; }
}
