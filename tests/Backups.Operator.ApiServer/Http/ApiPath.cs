namespace Backups.Operator.ApiServer.Http;

/// <summary>
/// A parsed resource URL: <c>/api/v1/...</c> or <c>/apis/{group}/{version}/...</c>, then
/// <c>[namespaces/{ns}/]{plural}[/{name}[/{subresource}]]</c>.
/// </summary>
internal sealed record ApiPath(string Group, string Version, string? Namespace, string? Plural, string? Name, string? Subresource)
{
    public static ApiPath? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group, version;
        int rest;
        if (segments.Length >= 2 && segments[0] == "api")
        {
            group = string.Empty;
            version = segments[1];
            rest = 2;
        }
        else if (segments.Length >= 3 && segments[0] == "apis")
        {
            group = segments[1];
            version = segments[2];
            rest = 3;
        }
        else
        {
            return null;
        }

        var tail = segments[rest..];
        switch (tail.Length)
        {
            case 0:
                return new ApiPath(group, version, null, null, null, null);
            case >= 3 when tail[0] == "namespaces" && !(tail.Length == 3 && tail[2] is "status" or "finalize"):
                return tail.Length > 5 ? null : new ApiPath(group, version, tail[1], tail[2], tail.ElementAtOrDefault(3), tail.ElementAtOrDefault(4));
            case <= 3:
                return new ApiPath(group, version, null, tail[0], tail.ElementAtOrDefault(1), tail.ElementAtOrDefault(2));
            default:
                return null;
        }
    }
}
