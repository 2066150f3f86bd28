using System.Globalization;
using System.Text;
using System.Text.Json;
using Backups.Operator.Monitoring.Tests.Support;
using NLua;

namespace Backups.Operator.Monitoring.Tests.ArgoCd;

/// <summary>Argo CD's verdict: <c>hs.status</c> and <c>hs.message</c>.</summary>
internal sealed record HealthStatus(string Status, string Message);

/// <summary>
/// Runs one of the Argo CD health checks of docs/argocd/ as Argo CD does: the object (its JSON) is the global
/// <c>obj</c>, arrays become 1-based tables, and the script returns the table <c>hs</c>. Lua 5.4 via NLua/KeraLua.
/// </summary>
internal static class ArgoCdHealthCheck
{
    public static HealthStatus Evaluate(string kind, string objectJson)
    {
        var script = File.ReadAllText(Path.Combine(MonitoringPaths.ArgoCdChecks, $"backup.platform.dev_{kind}.lua"));
        using var lua = new Lua();
        using var document = JsonDocument.Parse(objectJson);
        lua.DoString($"obj = {ToLua(document.RootElement)}");
        var result = lua.DoString(script, $"{kind}.lua");
        using var hs = (LuaTable)result[0];
        return new HealthStatus((string)hs["status"], (string)hs["message"]);
    }

    private static string ToLua(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(", ", element.EnumerateObject().Select(p => $"[{Quote(p.Name)}] = {ToLua(p.Value)}")) + "}",
        JsonValueKind.Array => "{" + string.Join(", ", element.EnumerateArray().Select(ToLua)) + "}",
        JsonValueKind.String => Quote(element.GetString()!),
        JsonValueKind.Number => element.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "nil",
    };

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                _ when c < ' ' => $"\\{(int)c:D3}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
