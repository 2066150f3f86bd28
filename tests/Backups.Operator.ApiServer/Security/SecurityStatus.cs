using System.Text.Json.Nodes;
using Backups.Operator.ApiServer.Http;

namespace Backups.Operator.ApiServer.Security;

/// <summary>The 401 and 403 answers, worded as kube-apiserver words them.</summary>
internal static class SecurityStatus
{
    public static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");

    /// <summary>
    /// <c>backups.backup.platform.dev "x" is forbidden: User "u" cannot create resource "backups" in API group
    /// "backup.platform.dev" in the namespace "team-b"</c>, or <c>forbidden: User "u" cannot get path "/p"</c>.
    /// </summary>
    public static ApiException Forbidden(UserInfo user, RequestAttributes request, string? prefix = null)
    {
        if (!request.IsResourceRequest)
        {
            return new ApiException(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {request.Verb} path \"{request.Path}\"", new JsonObject());
        }

        return Forbidden(request, (prefix ?? string.Empty) + Denial(user, request));
    }

    /// <summary>The "User ... cannot VERB resource ... in API group ... in the namespace ..." sentence.</summary>
    public static string Denial(UserInfo user, RequestAttributes request)
    {
        var scope = request.Namespace.Length == 0 || (request.Resource == "namespaces" && request.Subresource.Length == 0)
            ? "at the cluster scope"
            : $"in the namespace \"{request.Namespace}\"";
        return $"User \"{user.Name}\" cannot {request.Verb} resource \"{request.ResourceWithSubresource}\" in API group \"{request.ApiGroup}\" {scope}";
    }

    public static ApiException Forbidden(RequestAttributes request, string message)
    {
        var qualified = request.ApiGroup.Length == 0 ? request.Resource : $"{request.Resource}.{request.ApiGroup}";
        var subject = request.Name.Length == 0 ? qualified : $"{qualified} \"{request.Name}\"";
        var details = new JsonObject { ["group"] = request.ApiGroup, ["kind"] = request.Resource };
        if (request.Name.Length > 0)
        {
            details["name"] = request.Name;
        }

        return new ApiException(403, "Forbidden", $"{subject} is forbidden: {message}", details);
    }
}
