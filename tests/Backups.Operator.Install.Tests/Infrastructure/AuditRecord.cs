using System.Text.Json.Nodes;

namespace Backups.Operator.Install.Tests.Infrastructure;

/// <summary>One line of the local API server's audit log (<c>--audit-log-path</c>).</summary>
internal sealed record AuditRecord(string User, string Verb, string ApiGroup, string Resource, string Subresource, string Namespace, string Name,
    string Uri, int Code, bool Allowed)
{
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";

    public static IReadOnlyList<AuditRecord> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var records = new List<AuditRecord>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var entry = JsonNode.Parse(line)!;
            var reference = entry["objectRef"];
            records.Add(new AuditRecord(
                (string?)entry["user"]?["username"] ?? string.Empty,
                (string)entry["verb"]!,
                (string?)reference?["apiGroup"] ?? string.Empty,
                (string?)reference?["resource"] ?? string.Empty,
                (string?)reference?["subresource"] ?? string.Empty,
                (string?)reference?["namespace"] ?? string.Empty,
                (string?)reference?["name"] ?? string.Empty,
                (string)entry["requestURI"]!,
                (int)entry["responseStatus"]!["code"]!,
                (string?)entry["annotations"]?["authorization.k8s.io/decision"] == "allow"));
        }

        return records;
    }

    public override string ToString() =>
        $"{Verb} {(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{ResourceWithSubresource}{(Namespace.Length > 0 ? " ns=" + Namespace : string.Empty)}{(Name.Length > 0 ? " " + Name : string.Empty)} -> {Code}";
}
