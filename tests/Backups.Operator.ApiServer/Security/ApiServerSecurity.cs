using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;
using Backups.Operator.ApiServer.Resources;
using Backups.Operator.ApiServer.Semantics;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// Authentication, authorization and the audit log of the local API server, as one step in front of the request
/// handler (<see cref="InvokeAsync"/>): bearer token → user (static tokens, service account tokens), request →
/// attributes, RBAC decision (401/403 bodies as the real server's), the TokenRequest subresource, the
/// OwnerReferencesPermissionEnforcement check, and an audit line per request.
/// </summary>
internal sealed class ApiServerSecurity : IDisposable
{
    /// <summary>The audit annotation of an authorization made by the owner-reference check (not a request of its own).</summary>
    public const string OwnerReferencesCheck = "OwnerReferencesPermissionEnforcement";

    private static readonly string[] PublicPaths = ["/healthz", "/livez", "/readyz", "/version"];

    private readonly ResourceService _service;
    private readonly Dictionary<string, UserInfo> _staticTokens;
    private readonly ServiceAccountTokens _serviceAccounts;
    private readonly RbacAuthorizer _authorizer;
    private readonly AuditLog? _audit;
    private readonly TimeProvider _time;

    public ApiServerSecurity(ApiServerSecurityOptions options, ResourceService service, TimeProvider time)
    {
        _service = service;
        _time = time;
        var tokens = options.StaticTokens.ToList();
        if (!tokens.Any(t => t.User.Groups.Contains(UserInfo.Masters)))
        {
            tokens.Add(new StaticToken("admin." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), new UserInfo("admin", [UserInfo.Masters, UserInfo.Authenticated])));
        }

        _staticTokens = tokens.ToDictionary(t => t.Token, t => t.User, StringComparer.Ordinal);
        AdminToken = tokens.First(t => t.User.Groups.Contains(UserInfo.Masters)).Token;
        _serviceAccounts = new ServiceAccountTokens(service.Store);
        _authorizer = new RbacAuthorizer(service.Store);
        _audit = options.AuditLogPath is null ? null : new AuditLog(options.AuditLogPath, time);
        Certificate = ServingCertificate.Create(time);
        CertificateAuthorityPem = ServingCertificate.Pem(Certificate);
    }

    /// <summary>The serving certificate (also the CA clients trust).</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificateAuthorityPem { get; }

    /// <summary>The token of a <c>system:masters</c> user (the kubeconfig's).</summary>
    public string AdminToken { get; }

    /// <summary>Creates the bootstrap ClusterRoles and bindings.</summary>
    public void Seed()
    {
        // Objects a state file brought back are kept as they are.
        foreach (var role in RbacBootstrap.ClusterRoles())
        {
            if (_service.Store.Get(ResourceService.Address(RbacResources.ClusterRoles, string.Empty, role["metadata"]!["name"]!.GetValue<string>())) is null)
            {
                _service.Create(RbacResources.ClusterRoles, "v1", string.Empty, role, WriteOptions.System());
            }
        }

        foreach (var binding in RbacBootstrap.ClusterRoleBindings())
        {
            if (_service.Store.Get(ResourceService.Address(RbacResources.ClusterRoleBindings, string.Empty, binding["metadata"]!["name"]!.GetValue<string>())) is null)
            {
                _service.Create(RbacResources.ClusterRoleBindings, "v1", string.Empty, binding, WriteOptions.System());
            }
        }
    }

    /// <summary>A token for the service account, or null when it does not exist (what the kubelet mounts into a pod).</summary>
    public string? IssueServiceAccountToken(string ns, string name) => _serviceAccounts.Issue(ns, name);

    /// <summary>A kubeconfig with the CA and the admin token.</summary>
    public string Kubeconfig(string server, string ns) => $$"""
        # Written by the Backups Operator local API server (test infrastructure, not Kubernetes): RBAC is enforced.
        apiVersion: v1
        kind: Config
        clusters:
        - name: backups-sandbox
          cluster:
            server: {{server}}
            certificate-authority-data: {{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(CertificateAuthorityPem))}}
        users:
        - name: admin
          user:
            token: {{AdminToken}}
        contexts:
        - name: backups-sandbox
          context:
            cluster: backups-sandbox
            user: admin
            namespace: {{ns}}
        current-context: backups-sandbox
        preferences: {}

        """;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = RequestAttributes.From(context);
        var user = Authenticate(context);
        var allowed = false;
        try
        {
            if (user is null)
            {
                if (!request.IsResourceRequest && PublicPaths.Contains(request.Path))
                {
                    allowed = true;
                    await next(context);
                    return;
                }

                throw SecurityStatus.Unauthorized();
            }

            if (!_authorizer.Allows(user, request))
            {
                throw SecurityStatus.Forbidden(user, request);
            }

            await CheckOwnerReferencesAsync(context, user, request);
            allowed = true;
            if (request is { Verb: "create", Resource: "serviceaccounts", Subresource: "token", ApiGroup: "" })
            {
                await IssueTokenAsync(context, request);
                return;
            }

            await next(context);
        }
        catch (ApiException e)
        {
            if (!context.Response.HasStarted)
            {
                await ResponseWriter.WriteStatusAsync(context, e, context.RequestAborted);
            }
        }
        finally
        {
            _audit?.Write(user, request, allowed, context.Response.StatusCode);
        }
    }

    public void Dispose()
    {
        _audit?.Dispose();
        Certificate.Dispose();
    }

    private UserInfo? Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header["Bearer ".Length..].Trim();
        return _staticTokens.TryGetValue(token, out var user) ? user : _serviceAccounts.Authenticate(token);
    }

    /// <summary>
    /// OwnerReferencesPermissionEnforcement: an owner reference with <c>blockOwnerDeletion: true</c> needs <c>update</c>
    /// on the owner's <c>finalizers</c> subresource (the owner can then not be deleted in the background before it);
    /// docs/kubernetes-runtime.md, "Running in a cluster".
    /// </summary>
    private async Task CheckOwnerReferencesAsync(HttpContext context, UserInfo user, RequestAttributes request)
    {
        if (!request.IsResourceRequest || request.Verb is not ("create" or "update" or "patch") || request.Subresource.Length > 0)
        {
            return;
        }

        context.Request.EnableBuffering();
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }

        if (body?["metadata"]?["ownerReferences"] is not JsonArray owners)
        {
            return;
        }

        foreach (var owner in owners)
        {
            if (owner?["blockOwnerDeletion"]?.GetValueKind() != JsonValueKind.True)
            {
                continue;
            }

            var apiVersion = owner["apiVersion"]?.GetValue<string>() ?? string.Empty;
            var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
            var kind = owner["kind"]?.GetValue<string>();
            var type = _service.Catalog.All.FirstOrDefault(t => t.Group == group && t.Kind == kind);
            if (type is null)
            {
                continue;
            }

            var finalizers = new RequestAttributes("update", true, group, type.Plural, "finalizers",
                type.Namespaced ? request.Namespace : string.Empty, owner["name"]?.GetValue<string>() ?? string.Empty, request.Path);
            var permitted = _authorizer.Allows(user, finalizers);
            _audit?.Write(user, finalizers, permitted, permitted ? 200 : 403, OwnerReferencesCheck);
            if (!permitted)
            {
                throw SecurityStatus.Forbidden(request,
                    "cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: " + SecurityStatus.Denial(user, finalizers));
            }
        }
    }

    private async Task IssueTokenAsync(HttpContext context, RequestAttributes request)
    {
        var token = _serviceAccounts.Issue(request.Namespace, request.Name)
            ?? throw StatusObjects.NotFound(InstallResources.ServiceAccounts, request.Name);
        var expires = _time.GetUtcNow().AddHours(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var answer = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = request.Name, ["namespace"] = request.Namespace, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject { ["audiences"] = new JsonArray("https://kubernetes.default.svc.cluster.local"), ["expirationSeconds"] = 3600, ["boundObjectRef"] = null },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = expires },
        };
        await ResponseWriter.WriteJsonAsync(context, 201, answer, context.RequestAborted);
    }
}
