using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Security;

/// <summary>One rule of a Role or ClusterRole and how Kubernetes' RBAC matches it against a request.</summary>
public sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public const string All = "*";

    public static PolicyRule Parse(JsonNode? rule) => new(
        Strings(rule?["verbs"]), Strings(rule?["apiGroups"]), Strings(rule?["resources"]),
        Strings(rule?["resourceNames"]), Strings(rule?["nonResourceURLs"]));

    public bool Allows(RequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Verbs.Contains(All) && !Verbs.Contains(request.Verb))
        {
            return false;
        }

        if (!request.IsResourceRequest)
        {
            return NonResourceUrls.Any(url => url == All || url == request.Path || (url.EndsWith('*') && request.Path.StartsWith(url[..^1], StringComparison.Ordinal)));
        }

        return (ApiGroups.Contains(All) || ApiGroups.Contains(request.ApiGroup))
            && ResourceMatches(request)
            && (ResourceNames.Count == 0 || ResourceNames.Contains(request.Name));
    }

    /// <summary>Resources: <c>*</c>, the resource, <c>resource/subresource</c>, <c>*/subresource</c>, <c>resource/*</c>.</summary>
    private bool ResourceMatches(RequestAttributes request)
    {
        var combined = request.ResourceWithSubresource;
        foreach (var resource in Resources)
        {
            if (resource == All || resource == combined)
            {
                return true;
            }

            if (request.Subresource.Length > 0
                && (resource == "*/" + request.Subresource || resource == request.Resource + "/*"))
            {
                return true;
            }
        }

        return false;
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.GetValue<string>() ?? string.Empty)] : [];
}
