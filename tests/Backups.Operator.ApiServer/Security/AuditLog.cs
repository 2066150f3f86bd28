using System.Text.Json;
using System.Text.Json.Nodes;

namespace Backups.Operator.ApiServer.Security;

/// <summary>
/// One JSON object per request and line, in the shape of a Kubernetes audit event (<c>user</c>, <c>verb</c>,
/// <c>objectRef</c>, <c>responseStatus.code</c>, the authorization decision): what each identity asked for and got.
/// </summary>
internal sealed class AuditLog(string path, TimeProvider time) : IDisposable
{
    private readonly object _gate = new();
    private readonly StreamWriter _writer = new(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };

    /// <summary>Writes one entry; <paramref name="check"/> names an authorization made inside a request (e.g. the owner-reference check).</summary>
    public void Write(UserInfo? user, RequestAttributes request, bool allowed, int code, string? check = null)
    {
        var entry = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["stage"] = "ResponseComplete",
            ["requestReceivedTimestamp"] = time.GetUtcNow().UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["verb"] = request.Verb,
            ["requestURI"] = request.Path,
            ["user"] = user is null
                ? new JsonObject { ["username"] = "system:anonymous" }
                : new JsonObject { ["username"] = user.Name, ["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)JsonValue.Create(g)!)]) },
            ["objectRef"] = request.IsResourceRequest
                ? new JsonObject
                {
                    ["apiGroup"] = request.ApiGroup,
                    ["resource"] = request.Resource,
                    ["subresource"] = request.Subresource.Length == 0 ? null : request.Subresource,
                    ["namespace"] = request.Namespace.Length == 0 ? null : request.Namespace,
                    ["name"] = request.Name.Length == 0 ? null : request.Name,
                }
                : null,
            ["responseStatus"] = new JsonObject { ["code"] = code },
            ["annotations"] = new JsonObject { ["authorization.k8s.io/decision"] = allowed ? "allow" : "forbid" },
        };
        if (check is not null)
        {
            entry["annotations"]!["backups.local/authorization-check"] = check;
        }

        var line = entry.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
