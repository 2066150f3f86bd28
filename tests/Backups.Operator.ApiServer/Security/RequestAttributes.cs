using Backups.Operator.ApiServer.Http;
using Microsoft.AspNetCore.Http;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// What a request asks to do, as Kubernetes' authorizer sees it: a resource request (verb, API group, resource,
/// subresource, namespace, name) or a non-resource request (verb and path).
/// </summary>
public sealed record RequestAttributes(
    string Verb,
    bool IsResourceRequest,
    string ApiGroup,
    string Resource,
    string Subresource,
    string Namespace,
    string Name,
    string Path)
{
    /// <summary>resource or resource/subresource, as written in RBAC rules.</summary>
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    public static RequestAttributes From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var path = (context.Request.Path.Value ?? "/").TrimEnd('/');
        if (path.Length == 0)
        {
            path = "/";
        }

        var method = context.Request.Method;
        var apiPath = ApiPath.Parse(path);
        if (apiPath?.Plural is null)
        {
            return new RequestAttributes(NonResourceVerb(method), false, string.Empty, string.Empty, string.Empty, string.Empty, string.Empty, path);
        }

        // Namespaces are cluster-scoped: /api/v1/namespaces/{name}[/status|finalize] names the namespace itself.
        var ns = apiPath.Namespace ?? (apiPath.Plural == "namespaces" && apiPath.Name is not null ? apiPath.Name : string.Empty);
        var hasName = apiPath.Name is not null;
        var watch = context.Request.Query.TryGetValue("watch", out var w) && (w.ToString() is "true" or "1");
        var verb = method switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => hasName ? "get" : "list",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => hasName ? "delete" : "deletecollection",
            _ => method.ToLowerInvariant(),
        };
        return new RequestAttributes(verb, true, apiPath.Group, apiPath.Plural, apiPath.Subresource ?? string.Empty, ns,
            apiPath.Name ?? string.Empty, path);
    }

    private static string NonResourceVerb(string method) => method switch
    {
        "GET" or "HEAD" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };
}
